using System.Text.Json;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A many-to-many relation written as a list of references (ids or attribute dicts), replacing the set; kept in
/// an assignment table (<paramref name="table"/>: <paramref name="ownerColumn"/>, <paramref name="targetColumn"/>).
/// </summary>
public class ManyToManyField(string name, ReferenceTarget target, string? table, string ownerColumn, string targetColumn) : WriteField(name, "")
{
    /// <summary>An omitted list leaves the relation as it is, on create as on update.</summary>
    public override object? Omitted => null;

    public override bool IsColumn => false;

    public ReferenceTarget Target => target;

    /// <summary>The assignment table; null means the resource's own tag table.</summary>
    public string? Table => table;
    public string OwnerColumn => ownerColumn;
    public string TargetColumn => targetColumn;

    public override Type ElementType => typeof(long[]);
    public override string TypeLabel => "list";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.Array, Items = target.Schema() };

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
