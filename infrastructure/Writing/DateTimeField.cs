using System.Text.Json;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>DRF <c>DateTimeField</c>: ISO-8601; a value without an offset is UTC.</summary>
public sealed class DateTimeField(string name, string? column = null) : WriteField(name, column)
{
    public override Type ElementType => typeof(DateTime);
    public override string TypeLabel => "datetime";

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && DrfDateTime.TryParse(value.GetString(), out var instant)
            ? Parsed.Ok(instant)
            : Parsed.Fail(DrfDateTime.WrongFormat);

    public override object? FromDatabase(object? value) => value is DateTime dt ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : null;
}
