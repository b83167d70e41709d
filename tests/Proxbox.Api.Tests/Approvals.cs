using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Proxbox.Api.Tests;

/// <summary>
/// Approval snapshots of JSON shapes: keys, their order, value kinds and fixed values are pinned; the values that
/// differ per run (ids, timestamps) are replaced by placeholders after their format is checked.
/// </summary>
public static partial class Approvals
{
    public static string Normalize(JsonNode node)
    {
        var copy = node.DeepClone();
        Scrub(copy);
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>
    /// The contract of one resource around a stored object: its detail GET, the list page and the brief list that
    /// hold exactly it, and the 400 answered for an invalid create. Values generated per run (a token's key) are
    /// named in <paramref name="generated"/> and replaced by a placeholder in each answered object.
    /// </summary>
    public static async Task<JsonObject> ContractAsync(HttpClient client, JsonNode stored, object invalidCreate, params string[] generated)
    {
        var url = stored["url"]!.GetValue<string>();
        var list = url[..url.TrimEnd('/').LastIndexOf('/')] + "/";
        var id = stored["id"]!.GetValue<long>();
        var (detailResponse, detail) = await client.GetJsonAsync(url);
        var (listResponse, page) = await client.GetJsonAsync($"{list}?id={id}");
        var (briefResponse, brief) = await client.GetJsonAsync($"{list}?id={id}&brief=1");
        var (invalidResponse, errors) = await client.PostJsonAsync(list, invalidCreate);
        detailResponse.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        listResponse.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        briefResponse.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        invalidResponse.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        page!["count"]!.GetValue<long>().ShouldBe(1);
        foreach (var answered in new[] { detail!, page["results"]![0]!, brief!["results"]![0]! })
        {
            foreach (var key in generated.Where(answered.AsObject().ContainsKey))
            {
                answered[key] = "<generated>";
            }
        }

        return new JsonObject { ["detail"] = detail, ["list"] = page, ["brief_list"] = brief, ["validation_error"] = errors };
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
