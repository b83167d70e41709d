using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Tests.Infrastructure.Hostile;

/// <summary>A service of its own, so the row counts these tests compare are theirs alone.</summary>
public sealed class HostileApiFactory : ApiFactory;

/// <summary>
/// Every resource's declared write fields and filters, each sent a set of hostile values: never a 5xx, a NetBox-shaped
/// 4xx that names the field or parameter, and nothing stored. Generated from the declarations, so a new resource is
/// covered without a new case.
/// </summary>
public sealed class HostileValueTests(HostileApiFactory api) : IClassFixture<HostileApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    /// <summary>JSON values (as text) that no field should store as sent.</summary>
    private static readonly string[] Values =
    [
        "\"a\\u0000b\"",                              // NUL: PostgreSQL cannot store it
        "\"\\ud800\"",                                // half a surrogate pair
        "\"" + new string('x', 1024 * 1024) + "\"",   // 1 MB
        "99999999999999999999999", "-99999999999999999999999", "79228162514264337593543950336.5",
        "1e400", "-1e400", "1e-400", "NaN", "Infinity",
        "true", "[]", "{}", "{\"id\": \"x\"}", "[\"\\u0000\"]", "{\"k\": \"\\u0000\"}",
        new string('[', 200) + new string(']', 200),  // deeper than the parser allows
    ];

    /// <summary>Query values (already percent-encoded) that no filter should pass to SQL as they are.</summary>
    private static readonly string[] QueryValues =
    [
        "%00", "a%00b", "%ED%A0%80", "99999999999999999999999", "1e400", "abc", "-1", "2026-13-45T99:99", "((((", "%5Bz-a%5D",
        new string('y', 100_000),
    ];

    public static TheoryData<string> Resources() => new(ResourceRegistry.Declarations.Select(r => r.Identity.Path));

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Hostile_write_values_are_refused_by_field_and_store_nothing(string path)
    {
        var resource = ResourceRegistry.Declarations.Single(r => r.Identity.Path == path);
        if (resource.Writes is null)
        {
            return;
        }

        long existing;
        await using (var conn = api.OpenDatabase())
        {
            existing = await conn.ExecuteScalarAsync<long?>($"SELECT min(id) FROM {resource.Identity.Table}") ?? 0;
        }

        foreach (var field in resource.Writes.Fields)
        {
            foreach (var value in Values)
            {
                var expected = ExpectedError(field, value);
                await RefusedOrHarmlessAsync(resource, HttpMethod.Post, $"/api/{path}/", $"{{\"{field.Name}\": {value}}}", field.Name, expected);
                if (existing > 0)
                {
                    await RefusedOrHarmlessAsync(resource, HttpMethod.Patch, $"/api/{path}/{existing}/", $"{{\"{field.Name}\": {value}}}", field.Name, expected);
                }
            }

            // A key given twice: which one was meant is not the service's to guess.
            await RefusedOrHarmlessAsync(resource, HttpMethod.Post, $"/api/{path}/", $"{{\"{field.Name}\": 1, \"{field.Name}\": 2}}", field.Name,
                (true, null));
        }
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Hostile_filter_values_are_refused_by_parameter_or_ignored(string path)
    {
        var resource = ResourceRegistry.Declarations.Single(r => r.Identity.Path == path);
        foreach (var parameter in resource.Filters.Parameters.Select(p => p.Name))
        {
            foreach (var value in QueryValues)
            {
                var (response, body) = await SendAsync(HttpMethod.Get, $"/api/{path}/?{parameter}={value}", null);
                ((int)response.StatusCode).ShouldBeLessThan(500, $"{path}?{parameter}={value[..Math.Min(20, value.Length)]}");
                if (response.StatusCode == HttpStatusCode.BadRequest)
                {
                    body.ShouldBeOfType<JsonObject>().ContainsKey(parameter).ShouldBeTrue($"{path}?{parameter}: {body?.ToJsonString()}");
                }
                else
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{path}?{parameter}={value[..Math.Min(20, value.Length)]}");
                }
            }
        }
    }

    /// <summary>
    /// What the field itself says of the value: a parse error of the whole body (the JSON is refused before any field
    /// reads it), the field's own message, or nothing (the value is acceptable to this field).
    /// </summary>
    private static (bool ParseError, string? Message) ExpectedError(WriteField field, string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value, new JsonDocumentOptions { MaxDepth = 64 });
            ReadEveryString(document.RootElement);
            return (false, field.Parse(document.RootElement).Error);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return (true, null); // not JSON, or a string no reader can decode
        }
    }

    private static void ReadEveryString(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ReadEveryString(item);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    ReadEveryString(property.Value);
                }

                break;
        }
    }

    /// <summary>
    /// A write with one hostile field: the answer the field's own rules predict (a parse error, or a 400 naming the
    /// field with its message) and the table as it was; or, when the value is acceptable to the field, no 5xx.
    /// </summary>
    private async Task RefusedOrHarmlessAsync(IResource resource, HttpMethod method, string url, string body, string field, (bool ParseError, string? Message) expected)
    {
        var before = await StateAsync(resource);
        var (response, answer) = await SendAsync(method, url, body);
        var status = (int)response.StatusCode;
        var what = $"{method} {url} {body[..Math.Min(80, body.Length)]}";
        status.ShouldBeLessThan(500, what);
        if (status is 403 or 405)
        {
            (await StateAsync(resource)).ShouldBe(before, what);
            return; // this resource takes no such write at all
        }

        if (expected.ParseError)
        {
            status.ShouldBe(400, what);
            answer!["detail"]!.GetValue<string>().ShouldStartWith("JSON parse error - ", customMessage: what);
        }
        else if (expected.Message is { } message)
        {
            status.ShouldBe(400, what);
            answer![field].ShouldBeOfType<JsonArray>(what).Select(m => m!.GetValue<string>()).ShouldContain(message, what);
        }

        if (status >= 400)
        {
            (await StateAsync(resource)).ShouldBe(before, what);
        }
    }

    /// <summary>How many rows the table holds and when the last one changed: a refused write moves neither.</summary>
    private async Task<string> StateAsync(IResource resource)
    {
        await using var conn = api.OpenDatabase();
        return await conn.ExecuteScalarAsync<string>($"SELECT count(*) || '/' || coalesce(max(last_updated)::text, '') FROM {resource.Identity.Table}") ?? "";
    }

    private async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(HttpMethod method, string url, string? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
