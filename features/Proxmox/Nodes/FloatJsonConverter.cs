using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Proxbox.Api.Features.Proxmox.Nodes;

/// <summary>
/// A float as Python's JSON writes it: a whole value keeps its <c>.0</c> (<c>25.0</c>, not <c>25</c>), so a Python
/// client reads a float, not an int, wherever the plugin's API gives a float.
/// </summary>
public sealed class FloatJsonConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        writer.WriteRawValue(text.AsSpan().IndexOfAny(".E") >= 0 ? text : text + ".0", skipInputValidation: true);
    }
}
