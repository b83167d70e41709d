using System.Text.Json;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// How every taggable resource reads and writes its tags: an assignment table per resource
/// (<c>object_id</c>, <c>tag_id</c>, both with cascading foreign keys), read as one JSON column.
/// </summary>
public static class Tagging
{
    public const string TagsPath = "extras/tags";

    /// <summary>The <c>tags</c> field of a write: tags are referenced by id, name, slug or color, never created.</summary>
    public static TagsField Field { get; } = new(new ReferenceTarget("extras_tag",
        new Dictionary<string, string> { ["id"] = "id", ["name"] = "name", ["slug"] = "slug", ["color"] = "color" }));

    /// <summary>
    /// A SELECT column named <c>tags</c>: the object's tags ordered by name, as <c>[[id, name, slug, color], …]</c>,
    /// null without tags. Most objects have none: the aggregate with its join and sort runs only for rows the index
    /// shows tagged, since running it for every row of a bulk write's ten thousand was half of reading them back.
    /// The test is one index probe per row: <c>OFFSET 0</c> keeps PostgreSQL from turning it into a hash of the
    /// whole tag table, which its costs prefer even for a page of fifty (a task-history page took 3 ms instead of
    /// 0.8 ms on a million rows with ten thousand tag assignments).
    /// </summary>
    public static string Column(ResourceIdentity resource) =>
        $"CASE WHEN EXISTS (SELECT FROM {resource.TagTable} t WHERE t.object_id = {resource.Alias}.id OFFSET 0) " +
        $"THEN (SELECT json_agg(json_build_array(g.id, g.name, g.slug, g.color) ORDER BY g.name) FROM {resource.TagTable} x JOIN extras_tag g ON g.id = x.tag_id WHERE x.object_id = {resource.Alias}.id) END AS tags";

    public static IReadOnlyList<NestedTag> Read(string? tags, ApiUrls urls)
    {
        if (string.IsNullOrEmpty(tags))
        {
            return [];
        }

        using var document = JsonDocument.Parse(tags);
        var result = new List<NestedTag>(document.RootElement.GetArrayLength());
        foreach (var tag in document.RootElement.EnumerateArray())
        {
            var id = tag[0].GetInt64();
            var name = tag[1].GetString()!;
            result.Add(new NestedTag(id, urls.Object(TagsPath, id), name, name, tag[2].GetString()!, tag[3].GetString()!));
        }

        return result;
    }
}
