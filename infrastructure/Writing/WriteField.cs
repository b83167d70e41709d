using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A writable field: its JSON name, its column (by default the same name; also the name of its parameter array in
/// the generated INSERT/UPDATE), whether it is required or nullable, its default on create, how its JSON value is
/// read, and how it is stored. Kinds with behaviour of their own (secrets, custom fields, relations) override the
/// hooks here instead of the writer testing for them.
/// </summary>
public abstract class WriteField(string name, string? column = null)
{
    public string Name { get; } = name;
    public string Column { get; } = column ?? name;

    /// <summary>The name as UTF-8, the form a JSON body is searched in (no transcoding per item of a bulk write).</summary>
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(name);

    /// <summary>Must be present on create (and on PUT).</summary>
    public bool Required { get; init; }

    public bool Nullable { get; init; }

    /// <summary>The value stored when a create omits the field.</summary>
    public object? Default { get; init; }

    /// <summary>
    /// The SQL that turns the parameter's element (<c>v.&lt;column&gt;</c>) into the stored value, where a plain
    /// assignment is not enough: <c>NULLIF(v.name, '')</c>, <c>lower(v.color)</c>.
    /// </summary>
    public Func<string, string>? Sql { get; init; }

    /// <summary>What a create stores for an omitted field: its default, else null or the kind's empty value.</summary>
    public virtual object? Omitted => Default ?? (Nullable ? null : EmptyValue);

    /// <summary>The value of a NOT NULL column that has no declared default (Django's <c>''</c> for text).</summary>
    protected virtual object? EmptyValue => null;

    /// <summary>Whether the field is a column of the resource's own table (relations live in tables of their own).</summary>
    public virtual bool IsColumn => true;

    /// <summary>The CLR element type of this field's parameter array.</summary>
    public abstract Type ElementType { get; }

    /// <summary>The PostgreSQL type of this field's parameter array's elements.</summary>
    public virtual string SqlType => ElementType switch
    {
        _ when ElementType == typeof(long) => "bigint",
        _ when ElementType == typeof(decimal) => "numeric",
        _ when ElementType == typeof(double) => "double precision",
        _ when ElementType == typeof(bool) => "boolean",
        _ when ElementType == typeof(DateTime) => "timestamptz",
        _ => "text",
    };

    /// <summary>For OPTIONS: DRF's type label.</summary>
    public abstract string TypeLabel { get; }

    /// <summary>
    /// The JSON schema of a value a body may give, for the OpenAPI document. Whether null is allowed, the default and
    /// write-only are added from the declaration by the document builder; a kind that knows more than its element
    /// type (a length, a range, its choices) says so by overriding this.
    /// </summary>
    public virtual OpenApiSchema ValueSchema() => ElementType switch
    {
        _ when ElementType == typeof(long) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
        _ when ElementType == typeof(decimal) => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" },
        _ when ElementType == typeof(double) => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
        _ when ElementType == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        _ when ElementType == typeof(DateTime) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        _ when ElementType == typeof(long[]) => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" } },
        _ when TypeLabel == "json" => new OpenApiSchema(), // any JSON value
        _ => new OpenApiSchema { Type = JsonSchemaType.String },
    };

    /// <summary>Accepted in a body but never shown in a response: a secret or a password.</summary>
    public virtual bool WriteOnly => false;

    public Parsed Parse(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => Nullable ? Parsed.Ok(null) : Parsed.Fail("This field may not be null."),
        // PostgreSQL stores no NUL in text or jsonb; Django refuses it in every string with this message.
        JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Array when JsonEscapes.HasNul(JsonMarshal.GetRawUtf8Value(value)) =>
            Parsed.Fail("Null characters are not allowed."),
        _ => ParseValue(value),
    };

    protected abstract Parsed ParseValue(JsonElement value);

    /// <summary>
    /// The value an item holds once a body's value is accepted: the body's value, unless the kind combines it with
    /// what is stored (custom fields merge on update).
    /// </summary>
    public virtual object? Accept(object? given, object? stored, bool creating) => given;

    /// <summary>The SQL expression that stores <paramref name="value"/> (<c>v.&lt;column&gt;</c>).</summary>
    public virtual string ValueSql(string value) => Sql is null ? value : Sql(value);

    /// <summary>
    /// The element of the parameter array for an item's value: the value itself, unless the kind transforms it on the
    /// way to storage (a secret the body gave is sealed here, at the last moment).
    /// </summary>
    public virtual object? ToParameter(object? value, bool provided, SecretBox secrets) => value;

    /// <summary>The SQL that reads the stored value back for an update (a column whose type loses detail in transit overrides it).</summary>
    public virtual string StoredValue(string alias) => $"{alias}.{Column}";

    /// <summary>A value read back from the database, converted to <see cref="ElementType"/>.</summary>
    public virtual object? FromDatabase(object? value) => value is null or DBNull ? null : Convert.ChangeType(value, ElementType, CultureInfo.InvariantCulture);
}
