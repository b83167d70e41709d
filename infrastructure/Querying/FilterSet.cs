using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// A resource's filter declaration: its own filters plus NetBox's standard ones (<c>id</c>, <c>created</c>,
/// <c>last_updated</c>, <c>q</c>, <c>tag</c>, <c>tag_id</c>), turned into a WHERE clause over the resource's own
/// table (relations through subqueries, so a count never needs a join) and an ORDER BY. Columns named bare
/// (<c>name</c>) belong to the resource's table and are qualified with its alias here.
/// </summary>
public sealed partial class FilterSet
{
    /// <summary>Query parameters that steer the list rather than filter it.</summary>
    private static readonly HashSet<string> Reserved = ["limit", "offset", "start", "ordering", "brief", "fields", "omit", "exclude"];

    private readonly Dictionary<string, (Filter Filter, string Suffix)> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ordering = new(StringComparer.Ordinal);
    private readonly string _table;
    private readonly string _alias;
    private readonly string? _tagTable;
    private readonly SearchTerm[] _search;
    private readonly string[] _defaultOrdering;

    /// <param name="table">The resource's table.</param>
    /// <param name="alias">The table's alias in the resource's SELECT.</param>
    /// <param name="tagTable">The resource's tag assignment table, or null when it has no tag filters.</param>
    /// <param name="search">What <c>?q=</c> searches (case-insensitive substring, OR-ed).</param>
    /// <param name="defaultOrdering">ORDER BY terms used when <c>?ordering=</c> names nothing valid; <c>id</c> always follows.</param>
    /// <param name="extraOrdering">Ordering keys that are not filters: name → expression.</param>
    public FilterSet(string table, string alias, string? tagTable, IEnumerable<Filter> filters, IEnumerable<SearchTerm> search, IEnumerable<string> defaultOrdering,
        IReadOnlyDictionary<string, string>? extraOrdering = null)
    {
        _table = table;
        _alias = alias;
        _tagTable = tagTable;
        _search = search.ToArray();
        _defaultOrdering = defaultOrdering.Select(Qualify).ToArray();

        Filter[] standard = [new NumberFilter("id"), new DateTimeFilter("created"), new DateTimeFilter("last_updated")];
        foreach (var filter in standard.Concat(filters))
        {
            foreach (var name in filter.Aliases.Prepend(filter.Name))
            {
                foreach (var suffix in filter.Suffixes.Keys)
                {
                    _parameters[suffix.Length == 0 ? name : $"{name}__{suffix}"] = (filter, suffix);
                }
            }

            if (filter.OrderBy is { } orderBy)
            {
                _ordering.TryAdd(filter.Name, Qualify(orderBy));
            }
        }

        foreach (var (name, expression) in extraOrdering ?? new Dictionary<string, string>())
        {
            _ordering[name] = Qualify(expression);
        }
    }

    /// <summary>
    /// Every parameter this resource filters on, for the API document: its values' kind, the fixed set they come
    /// from if any, and whether it may repeat (every lookup but <c>__empty</c>, booleans and <c>q</c>).
    /// </summary>
    public IEnumerable<FilterParameter> Parameters
    {
        get
        {
            foreach (var (name, (filter, suffix)) in _parameters)
            {
                yield return suffix switch
                {
                    "empty" => new FilterParameter(name, FilterValueKind.Boolean, null, Repeats: false),
                    "" or "n" => new FilterParameter(name, filter.ValueKind, filter.AllowedValues, Repeats: filter.ValueKind != FilterValueKind.Boolean),
                    "lt" or "lte" or "gt" or "gte" => new FilterParameter(name, filter.ValueKind, null, Repeats: true),
                    _ => new FilterParameter(name, FilterValueKind.Text, null, Repeats: true),
                };
            }

            if (_tagTable is not null)
            {
                yield return new FilterParameter("tag", FilterValueKind.Text, null, Repeats: true);
                yield return new FilterParameter("tag__n", FilterValueKind.Text, null, Repeats: true);
                yield return new FilterParameter("tag_id", FilterValueKind.Integer, null, Repeats: true);
                yield return new FilterParameter("tag_id__n", FilterValueKind.Integer, null, Repeats: true);
            }

            yield return new FilterParameter("q", FilterValueKind.Text, null, Repeats: false);
        }
    }

    /// <summary>The table and column of everything <c>q</c> searches.</summary>
    public IReadOnlyCollection<(string Table, string Column)> SearchedColumns => _search.Select(term => term.Searched(_table)).ToList();

    /// <summary>
    /// Adds the request's filters to <paramref name="sql"/>; returns NetBox's <c>{"param": ["msg"]}</c> on bad values.
    /// <paramref name="statistics"/>, when given, lets a long <c>q</c> use the index by its rarest piece.
    /// </summary>
    public JsonObject? Apply(ListQuery query, SqlBuilder sql, SearchStatistics? statistics = null)
    {
        JsonObject? errors = null;
        foreach (var (key, raw) in query.Parameters)
        {
            if (Reserved.Contains(key))
            {
                continue;
            }

            var values = raw.Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                continue; // ?name= filters nothing, as in NetBox
            }

            if (values.Any(v => v.Contains('\0')) && Filters(key))
            {
                errors ??= new JsonObject();
                errors[key] = new JsonArray("Null characters are not allowed.");
                continue;
            }

            // ?format=json and ?format=api are NetBox's renderer switch, not a value of a `format` field.
            if (key == "format" && values.All(v => v is "json" or "api"))
            {
                continue;
            }

            switch (Compile(key, values, sql, statistics))
            {
                case { Error: { } error }:
                    errors ??= new JsonObject();
                    errors[key] = new JsonArray(error);
                    break;
                case { Sql: { } predicate } when predicate != "TRUE": // a blank `q` filters nothing
                    sql.Where(predicate);
                    break;
            }
        }

        return errors;
    }

    /// <summary>Whether <paramref name="key"/> is a filter of this resource (unknown parameters are ignored, as in NetBox).</summary>
    private bool Filters(string key) =>
        key == "q" || _parameters.ContainsKey(key) || (_tagTable is not null && key is "tag" or "tag__n" or "tag_id" or "tag_id__n");

    /// <summary>
    /// The predicate of one parameter (<c>status=active</c>, <c>cluster__name__ic=prod</c>, <c>tag=x</c>, <c>q=…</c>), or its
    /// error; null when the parameter is not a filter of this resource (NetBox ignores those).
    /// </summary>
    public FilterResult? Compile(string key, IReadOnlyList<string> values, SqlBuilder sql, SearchStatistics? statistics = null)
    {
        if (key == "q")
        {
            return Search(values[^1], sql, statistics);
        }

        if (_tagTable is not null && TagClause(key, values, sql) is { } tags)
        {
            return tags;
        }

        if (!_parameters.TryGetValue(key, out var target))
        {
            return null;
        }

        var (filter, suffix) = target;
        var result = filter.Compile(suffix, Qualify(filter.Column), values, sql);
        return result.Sql is not null && filter.Suffixes[suffix] ? FilterResult.Ok($"({result.Sql}) IS NOT TRUE") : result;
    }

    /// <summary>
    /// The predicate of object-permission constraints: each set is an object of field → value equalities, read with
    /// the same names and lookups as this resource's filters (AND within a set); the sets are OR-ed. A list value
    /// means any of its values; <c>$user</c> is the caller's user id. A set naming a field this resource cannot
    /// filter on admits nothing, so a mistyped constraint never widens access.
    /// </summary>
    public string Constrain(IReadOnlyList<JsonObject> sets, long userId, SqlBuilder sql)
    {
        var alternatives = new List<string>();
        foreach (var set in sets)
        {
            var predicates = new List<string>();
            foreach (var (field, value) in set)
            {
                var values = (value is JsonArray list ? list.ToArray() : [value])
                    .Select(v => v is JsonValue scalar && scalar.TryGetValue<string>(out var text) && text == "$user"
                        ? userId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : v is null ? "null" : v is JsonValue plain && plain.TryGetValue<string>(out var s) ? s : v.ToJsonString())
                    .ToList();
                var compiled = values.Count == 0 ? null : Compile(field, values, sql);
                predicates.Add(compiled is { Sql: { } predicate } ? predicate : "FALSE");
            }

            alternatives.Add(predicates.Count == 0 ? "TRUE" : "(" + string.Join(" AND ", predicates) + ")");
        }

        return alternatives.Count == 0 ? "FALSE" : "(" + string.Join(" OR ", alternatives) + ")";
    }

    /// <summary>ORDER BY for <c>?ordering=a,-b</c>: unknown terms are dropped; <c>id</c> is always the final tiebreak.</summary>
    public string OrderBy(string? ordering)
    {
        var terms = new List<string>();
        foreach (var term in (ordering ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var descending = term.StartsWith('-');
            if (_ordering.TryGetValue(descending ? term[1..] : term, out var expression))
            {
                terms.Add(descending ? expression + " DESC" : expression);
            }
        }

        if (terms.Count == 0)
        {
            terms.AddRange(_defaultOrdering);
        }

        var id = $"{_alias}.id";
        if (!terms.Contains(id) && !terms.Contains(id + " DESC"))
        {
            terms.Add(id);
        }

        return string.Join(", ", terms);
    }

    /// <summary>A bare column (optionally with a direction) belongs to the resource's table; anything else is kept as written.</summary>
    private string Qualify(string expression) => BareColumn().IsMatch(expression) ? $"{_alias}.{expression}" : expression;

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*( (ASC|DESC))?( NULLS (FIRST|LAST))?$")]
    private static partial Regex BareColumn();

    private FilterResult Search(string text, SqlBuilder sql, SearchStatistics? statistics)
    {
        text = text.Trim();
        if (text.Length == 0 || _search.Length == 0)
        {
            return FilterResult.Ok("TRUE");
        }

        var search = new TextSearch(text, sql, statistics);
        return FilterResult.Ok("(" + string.Join(" OR ", _search.Select(term => term.Sql(Qualify, _table, search))) + ")");
    }

    /// <summary>
    /// <c>tag</c> (slug) and <c>tag_id</c> are AND across values (NetBox's conjoined filters); <c>__n</c> means none
    /// of them. Null when <paramref name="key"/> is not a tag parameter.
    /// </summary>
    private FilterResult? TagClause(string key, IReadOnlyList<string> values, SqlBuilder sql)
    {
        if (key is not ("tag" or "tag__n" or "tag_id" or "tag_id__n"))
        {
            return null;
        }

        var byId = key.StartsWith("tag_id", StringComparison.Ordinal);
        var ids = new List<long>();
        if (byId)
        {
            foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!long.TryParse(value, out var id))
                {
                    return FilterResult.Fail($"\u201c{value}\u201d is not a valid value.");
                }

                ids.Add(id);
            }
        }

        var match = byId ? "x.tag_id" : "g.slug";
        var assigned = $"SELECT 1 FROM {_tagTable} x JOIN extras_tag g ON g.id = x.tag_id WHERE x.object_id = {_alias}.id";
        if (key.EndsWith("__n", StringComparison.Ordinal))
        {
            var list = byId ? sql.Add(ids.ToArray()) : sql.Add(values.ToArray());
            return FilterResult.Ok($"NOT EXISTS ({assigned} AND {match} = ANY({list}))");
        }

        IEnumerable<object> wanted = byId ? ids.Distinct().Cast<object>() : values.Distinct();
        return FilterResult.Ok(string.Join(" AND ", wanted.Select(value => $"EXISTS ({assigned} AND {match} = {sql.Add(value)})")));
    }
}
