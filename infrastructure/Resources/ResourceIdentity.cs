using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// Who a resource is, declared once: where it lives, its table and alias, and the names NetBox uses for it. Its
/// filters, tags, nested forms and the references other resources make to it all take their names from here.
/// </summary>
/// <param name="Path">Below <c>/api/</c>, without slashes at the ends: <c>extras/tags</c>.</param>
/// <param name="Table">The resource's table.</param>
/// <param name="Alias">The table's alias in the resource's SELECT.</param>
/// <param name="ModelName">NetBox's model class name: <c>No Tag matches the given query.</c></param>
/// <param name="VerboseName">NetBox's verbose name: <c>tag with this name already exists.</c>, <c>Tag List</c>.</param>
/// <param name="ObjectType">NetBox's <c>app_label.model</c>, the object type permissions name.</param>
/// <param name="Tagged">Whether objects carry tags (kept in <c>&lt;table&gt;_tags</c>).</param>
public sealed record ResourceIdentity(string Path, string Table, string Alias, string ModelName, string VerboseName, string ObjectType, bool Tagged = true)
{
    /// <summary>The tag assignment table (<c>object_id</c>, <c>tag_id</c>), or null when the resource is not taggable.</summary>
    public string? TagTable => Tagged ? Table + "_tags" : null;

    /// <summary><c>&lt;table&gt; &lt;alias&gt;</c>, the FROM of the resource's SELECT.</summary>
    public string From => $"{Table} {Alias}";

    /// <summary>
    /// The columns every tagged NetBox object reads (<see cref="NetBoxRow"/>): id, its tags as one JSON column, its
    /// custom fields and its timestamps.
    /// </summary>
    public string NetBoxColumns =>
        $"{Alias}.id, {Tagging.Column(this)}, {Alias}.custom_field_data AS custom_fields, {Alias}.created, {Alias}.last_updated";

    public string Url(ApiUrls urls, long id) => urls.Object(Path, id);

    /// <summary>
    /// The resource's filters over its own table: <paramref name="filters"/> plus NetBox's standard ones, tag filters
    /// when it is tagged (and <paramref name="tagFilters"/> is not turned off), <c>q</c> over <paramref name="search"/>.
    /// </summary>
    public FilterSet Filters(IEnumerable<Filter> filters, IEnumerable<SearchTerm> search, IEnumerable<string> ordering,
        IReadOnlyDictionary<string, string>? extraOrdering = null, bool tagFilters = true) =>
        new(Table, Alias, tagFilters ? TagTable : null, filters, search, ordering, extraOrdering);

    /// <summary>What a foreign key to this resource points at: looked up by id or by the given same-named columns.</summary>
    public ReferenceTarget Target(params string[] lookups) =>
        new(Table, lookups.Prepend("id").Distinct().ToDictionary(name => name, name => name));
}
