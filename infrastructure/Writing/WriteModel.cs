using System.Text.Json;
using System.Text.Json.Nodes;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A resource's writable side: its fields, and its two hand-written statements. Both statements take one array
/// parameter per column (named after the column) and write every item of a request at once:
/// <c>INSERT … SELECT … FROM unnest(@name::text[], …) … RETURNING id</c> and
/// <c>UPDATE … FROM unnest(@id::bigint[], @name::text[], …) AS v(…) WHERE t.id = v.id</c>.
/// </summary>
public sealed class WriteModel
{
    public required IReadOnlyList<WriteField> Fields { get; init; }

    /// <summary>Null for a resource whose creation is an operation of its own (tokens: the plaintext is returned once).</summary>
    public string? InsertSql { get; init; }

    /// <summary>Null for a model that only parses a create body (an operation's own fields).</summary>
    public string? UpdateSql { get; init; }

    /// <summary>Unique constraints checked before writing, so each offending item gets NetBox's message.</summary>
    public IReadOnlyList<UniqueRule> Unique { get; init; } = [];

    /// <summary>Rules over several fields (the model's <c>clean()</c>), run on the merged values of each item.</summary>
    public Action<WriteItem>? Validate { get; init; }

    /// <summary>Rules that need the database, run once for all items of a request (never a query per item).</summary>
    public Func<IReadOnlyList<WriteItem>, Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken, Task>? CheckAsync { get; init; }

    /// <summary>The fields stored in the resource's own table (many-to-many fields live in their assignment tables).</summary>
    public IEnumerable<WriteField> ColumnFields => Fields.Where(f => f is not ManyToManyField);
}

/// <summary>A table-wide uniqueness rule: the constraint's name, the fields it covers, and NetBox's message.</summary>
/// <param name="ErrorKey"><c>__all__</c> for a model constraint, the field's name for a <c>unique=True</c> field.</param>
public sealed record UniqueRule(string Constraint, string[] Fields, string Message, string ErrorKey = "__all__")
{
    /// <summary>Fields compared case-insensitively (a constraint over <c>lower(column)</c>).</summary>
    public string[] CaseInsensitive { get; init; } = [];
}

/// <summary>One object of a write: its values by field name (merged over the stored row for updates) and its errors.</summary>
public sealed class WriteItem
{
    private JsonObject? _errors;

    /// <summary>The row's id when updating; set after insert when creating.</summary>
    public long? Id { get; set; }

    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The fields the body actually carried.</summary>
    public HashSet<string> Provided { get; } = new(StringComparer.Ordinal);

    /// <summary>The stored <c>last_updated</c> of the row being updated (If-Match).</summary>
    public DateTime? StoredLastUpdated { get; set; }

    public bool HasErrors => _errors is not null;

    public JsonObject Errors => _errors ?? [];

    public bool HasErrorFor(string key) => _errors?.ContainsKey(key) == true;

    public void AddError(string key, string message)
    {
        _errors ??= [];
        if (_errors[key] is JsonArray list)
        {
            list.Add(message);
        }
        else
        {
            _errors[key] = new JsonArray(message);
        }
    }

    /// <summary>Generated secrets to show once in this write's response, by field name.</summary>
    public Dictionary<string, string> Revealed { get; } = new(StringComparer.Ordinal);

    /// <summary>Sets a secret the service generated: stored sealed, shown once in the response.</summary>
    public void Generate(string field, string plaintext)
    {
        Values[field] = plaintext;
        Provided.Add(field);
        Revealed[field] = plaintext;
    }

    public string? Text(string field) => Values.GetValueOrDefault(field) as string;
}

/// <summary>
/// A many-to-many relation written as a list of references (ids or attribute dicts), replacing the set; kept in
/// an assignment table (<paramref name="table"/>: <paramref name="ownerColumn"/>, <paramref name="targetColumn"/>).
/// </summary>
public class ManyToManyField(string name, ReferenceTarget target, string? table, string ownerColumn, string targetColumn) : WriteField(name, "")
{
    public ReferenceTarget Target => target;

    /// <summary>The assignment table; null means the resource's own tag table.</summary>
    public string? Table => table;
    public string OwnerColumn => ownerColumn;
    public string TargetColumn => targetColumn;

    public override Type ElementType => typeof(long[]);
    public override string TypeLabel => "list";

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Parsed.Fail($"Expected a list of items but got type \"{PythonType.Of(value)}\".");
        }

        var references = new List<Reference>();
        foreach (var item in value.EnumerateArray())
        {
            var (reference, error) = Reference.Parse(item, target);
            if (error is not null)
            {
                return Parsed.Fail(error);
            }

            references.Add(reference!);
        }

        return Parsed.Ok(references);
    }
}

/// <summary><c>tags</c>: tag references replacing the object's tag set (never creating tags).</summary>
public sealed class TagsField(ReferenceTarget target) : ManyToManyField("tags", target, null, "object_id", "tag_id");

/// <summary>
/// A list of strings stored as a PostgreSQL array. Its parameter travels as JSON text (an array of arrays cannot
/// be unnested row by row), so statements read it back with <c>ARRAY(SELECT jsonb_array_elements_text(v.col::jsonb))</c>.
/// </summary>
public sealed class StringListField(string name, string column, Func<string, string?> validate) : WriteField(name, column)
{
    public override Type ElementType => typeof(string);
    public override string TypeLabel => "list";

    protected override object? EmptyValue => "[]";

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Parsed.Fail($"Expected a list of items but got type \"{PythonType.Of(value)}\".");
        }

        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return Parsed.Fail("Not a valid string.");
            }

            var text = item.GetString()!.Trim();
            if (validate(text) is { } error)
            {
                return Parsed.Fail(error);
            }

            items.Add(text);
        }

        return Parsed.Ok(JsonSerializer.Serialize(items.Distinct().ToArray()));
    }

    /// <summary>
    /// Read back as JSON text of strings, the form a body gives: Npgsql would hand a <c>cidr[]</c> or <c>inet[]</c>
    /// over as network structs, not strings.
    /// </summary>
    public override string StoredValue(string alias) => $"array_to_json({alias}.{Column}::text[])::text";

    public override object? FromDatabase(object? value) => value as string;
}

/// <summary>
/// <c>custom_fields</c>: a JSON object. On update the sent keys are merged into the stored ones and a <c>null</c>
/// value removes its key (contract §2).
/// </summary>
public sealed class CustomFieldsField() : WriteField("custom_fields", "custom_field_data")
{
    protected override object? EmptyValue => "{}";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "json";

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
            ? Parsed.Ok(value.GetRawText())
            : Parsed.Fail("Invalid data format. Custom field data must be passed as a dictionary mapping field names to their values.");

    public static string Merge(string? stored, string sent)
    {
        var merged = JsonNode.Parse(string.IsNullOrEmpty(stored) ? "{}" : stored)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(sent)!.AsObject())
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }

        return merged.ToJsonString();
    }

    /// <summary>A create stores the object without its null-valued keys.</summary>
    public static string WithoutNulls(string sent) => Merge(null, sent);
}

public static class PythonType
{
    /// <summary>The Python type name DRF puts in its messages for a JSON value.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "dict",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "str",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "int" : "float",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "NoneType",
    };
}
