using System.Text.Json;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>A foreign key column written in any of NetBox's reference forms and stored as the target's id.</summary>
public sealed class ForeignKeyField(string name, ReferenceTarget target, string? column = null) : WriteField(name, column ?? name + "_id")
{
    public ReferenceTarget Target => target;

    public override Type ElementType => typeof(long);
    public override string TypeLabel => "nested object";

    public override OpenApiSchema ValueSchema() => target.Schema();

    protected override Parsed ParseValue(JsonElement value)
    {
        var (reference, error) = Reference.Parse(value, target);
        return error is null ? Parsed.Ok(reference) : Parsed.Fail(error);
    }
}
