using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Proxbox.Api.Tests;

/// <summary>
/// Approval snapshots of JSON shapes: keys, their order, value kinds and fixed values are pinned; the values that
/// differ per run (ids, timestamps) are replaced by placeholders after their format is checked.
/// </summary>
public static partial class Snapshots
{
    public static string Normalize(JsonNode node)
    {
        var copy = node.DeepClone();
        Scrub(copy);
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "id" && value is JsonValue)
                    {
                        obj[key] = "<id>";
                    }
                    else if (key is "created" or "last_updated" && value is JsonValue)
                    {
                        DrfDateTime().IsMatch(value.GetValue<string>()).ShouldBeTrue($"{key} must be in DRF's datetime format");
                        obj[key] = "<datetime>";
                    }
                    else if (value is JsonValue stamp && stamp.TryGetValue<string>(out var when) && DrfDateTime().IsMatch(when))
                    {
                        obj[key] = "<datetime>";
                    }
                    else if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith("http", StringComparison.Ordinal))
                    {
                        obj[key] = Ids().Replace(text, "/<id>/");
                    }
                    else
                    {
                        Scrub(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Scrub(item);
                }

                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$")]
    private static partial Regex DrfDateTime();

    [GeneratedRegex(@"/\d+/")]
    private static partial Regex Ids();
}
