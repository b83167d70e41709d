using System.Text.RegularExpressions;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Extras.Tags;

/// <summary>NetBox's tags (<c>/api/extras/tags/</c>): what every other object's <c>tags</c> refer to.</summary>
public sealed partial class TagResource : Resource<TagRow, TagResponse>
{
    public override ResourceInfo Info { get; } = new("extras/tags", "extras_tag", "t", "Tag", "tag", "extras.tag");

    public override string SelectSql => """
        SELECT t.id, t.name, t.slug, t.color, t.description, t.created, t.last_updated
        FROM extras_tag t
        """;

    public override FilterSet Filters { get; } = new(
        alias: "t",
        tagTable: null,
        filters:
        [
            new TextFilter("name", "t.name"),
            new TextFilter("slug", "t.slug"),
            new TextFilter("color", "t.color"),
            new TextFilter("description", "t.description"),
        ],
        search: ["t.name", "t.slug", "t.description"],
        defaultOrdering: ["t.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "slug", "color", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", "name", 100) { Required = true, AllowBlank = false },
            new TextField("slug", "slug", 100)
            {
                Required = true,
                AllowBlank = false,
                Pattern = SlugPattern(),
                PatternMessage = "Enter a valid \u201cslug\u201d consisting of letters, numbers, underscores or hyphens.",
            },
            new TextField("color", "color", 6)
            {
                Default = "9e9e9e",
                AllowBlank = false,
                Pattern = ColorPattern(),
                PatternMessage = "Enter a valid hexadecimal RGB color code.",
            },
            new TextField("description", "description", 200),
        ],
        InsertSql = """
            INSERT INTO extras_tag (name, slug, color, description)
            SELECT v.name, v.slug, lower(v.color), v.description
            FROM unnest(@name::text[], @slug::text[], @color::text[], @description::text[]) WITH ORDINALITY AS v(name, slug, color, description, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE extras_tag AS t
            SET name = v.name, slug = v.slug, color = lower(v.color), description = v.description, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @slug::text[], @color::text[], @description::text[]) AS v(id, name, slug, color, description)
            WHERE t.id = v.id
            """,
        Unique =
        [
            new UniqueRule("extras_tag_name_key", ["name"], "tag with this name already exists.", "name"),
            new UniqueRule("extras_tag_slug_key", ["slug"], "tag with this slug already exists.", "slug"),
        ],
    };

    public override TagResponse Map(TagRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), row.Name, row.Name, row.Slug, row.Color, row.Description, row.Created, row.LastUpdated);

    [GeneratedRegex("^[-a-zA-Z0-9_]+$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}

public sealed record TagRow(long Id, string Name, string Slug, string Color, string Description, DateTime Created, DateTime LastUpdated);

public sealed record TagResponse(
    long Id, string Url, string Display, string Name, string Slug, string Color, string Description,
    DateTime? Created, DateTime? LastUpdated) : IApiObject;
