using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A JSON array of integers within a range (a backup job's VMIDs), stored as a jsonb array in the order sent,
/// <c>[]</c> when omitted. Each item is read as an integer field reads its value (<c>100</c>, <c>"100"</c>,
/// <c>100.0</c>); the first bad item is reported with its position, so a client can find it in a long list.
/// </summary>
public sealed class IntegerListField(string name, long min = int.MinValue, long max = int.MaxValue, string? column = null) : WriteField(name, column)
{
    private readonly IntegerField _item = new(name, min, max);

    protected override object? EmptyValue => "[]";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "list";

    public override string ValueSql(string value) => $"{value}::jsonb";

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Parsed.Fail($"Expected a list of items but got type \"{PythonType.Of(value)}\".");
        }

        var json = new StringBuilder("[");
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            // A null item is as wrong as text: the list holds numbers only.
            var parsed = element.ValueKind == JsonValueKind.Null ? Parsed.Fail("This field may not be null.") : _item.Parse(element);
            if (parsed.Error is not null)
            {
                return Parsed.Fail($"Item {index}: {parsed.Error}");
            }

            json.Append(index == 0 ? "" : ", ").Append(((long)parsed.Value!).ToString(CultureInfo.InvariantCulture));
            index++;
        }

        return Parsed.Ok(json.Append(']').ToString());
    }

    public override object? FromDatabase(object? value) => value as string;
}
