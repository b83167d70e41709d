using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http.OpenApi;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Tests.Features.Root;

/// <summary>
/// The OpenAPI document is usable: a standard reader accepts both of its forms without a complaint, it lists
/// exactly the routes the service maps, and each resource's schemas list exactly the keys the service answers with.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiFactory api)
{
    /// <summary>Resources whose objects this test must be able to create (or, for settings, read) and compare.</summary>
    private static readonly string[] MustCompare =
    [
        "extras/tags", "virtualization/clusters", "virtualization/virtual-machines", "dcim/devices", "ipam/ip-addresses",
        "plugins/proxbox/endpoints/proxmox", "plugins/proxbox/endpoints/netbox", "plugins/proxbox/endpoints/fastapi",
        "plugins/proxbox/settings", "users/users", "users/tokens", "users/permissions",
    ];

    /// <summary>What a minimal body needs beyond its required fields (rules over several fields, validated lists).</summary>
    private static readonly Dictionary<string, Func<JsonObject>> Extra = new()
    {
        ["plugins/proxbox/endpoints/proxmox"] = () => new JsonObject { ["domain"] = Http.Unique("pve") + ".example.com" },
        ["plugins/proxbox/endpoints/netbox"] = () => new JsonObject { ["domain"] = Http.Unique("nb") + ".example.com" },
        ["plugins/proxbox/endpoints/fastapi"] = () => new JsonObject { ["domain"] = Http.Unique("fa") + ".example.com" },
        ["users/permissions"] = () => new JsonObject { ["object_types"] = new JsonArray("extras.tag"), ["actions"] = new JsonArray("view") },
    };

    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_json_and_yaml_forms_parse_without_errors_or_warnings_and_are_the_same_document()
    {
        var json = await ReadAsync("/api/schema/", "json");
        var yaml = await ReadAsync("/api/schema/?format=yaml", "yaml");

        json.Document!.Paths.Count.ShouldBeGreaterThan(20);
        (await json.Document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1))
            .ShouldBe(await yaml.Document!.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1));
    }

    [Fact]
    public async Task An_unknown_format_is_not_found()
    {
        var (response, body) = await _client.GetJsonAsync("/api/schema/?format=xml");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        body!["detail"]!.GetValue<string>().ShouldBe("Not found.");
    }

    [Fact]
    public async Task Every_mapped_route_is_an_operation_of_the_document_and_nothing_else_is()
    {
        var document = (await ReadAsync("/api/schema/", "json")).Document!;
        var mapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<MethodNotAllowedEndpoint>() is not null)
            {
                continue; // answers 405 only
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods
                          ?? throw new ShouldAssertException($"{endpoint.RoutePattern.RawText} answers any method");
            foreach (var method in methods.Where(m => m is not ("HEAD" or "TRACE")))
            {
                mapped.Add($"{method} {DocumentPath(endpoint.RoutePattern.RawText!)}");
            }
        }

        var documented = new SortedSet<string>(
            document.Paths.SelectMany(path => path.Value.Operations!.Keys.Select(method => $"{method.Method} {path.Key}")), StringComparer.Ordinal);

        documented.ShouldBe(mapped);
        documented.ShouldNotContain(operation => operation.StartsWith("TRACE", StringComparison.Ordinal) || operation.StartsWith("HEAD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_api_operation_needs_the_token_but_the_open_ones_and_options()
    {
        var document = (await ReadAsync("/api/schema/", "json")).Document!;
        document.Components!.SecuritySchemes!["tokenAuth"].ShouldSatisfyAllConditions(
            scheme => scheme.Type.ShouldBe(SecuritySchemeType.ApiKey),
            scheme => scheme.In.ShouldBe(ParameterLocation.Header),
            scheme => scheme.Name.ShouldBe("Authorization"));

        var open = OpenOperations();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations!)
            {
                var names = (operation.Security ?? []).Select(r => string.Join(",", r.Keys.Select(k => k.Reference.Id))).ToList();
                var expected = !path.StartsWith("/api/", StringComparison.Ordinal) || open.Contains($"{method.Method} {path}") ? []
                    : method == HttpMethod.Options ? new[] { "", "tokenAuth" }
                    : ["tokenAuth"];
                string.Join(" | ", names).ShouldBe(string.Join(" | ", expected), $"{method} {path}");
            }
        }

        open.Order(StringComparer.Ordinal).ShouldBe(["GET /api/", "POST /api/users/tokens/provision/"]);
    }

    [Fact]
    public async Task Each_resource_schema_lists_exactly_the_keys_a_get_answers_with_and_its_brief_form_those_of_brief()
    {
        var document = (await ReadAsync("/api/schema/", "json")).Document!;
        var schemas = document.Components!.Schemas!;
        var created = new List<string>();
        var compared = new List<string>();
        try
        {
            foreach (var resource in ResourceRegistry.Declarations)
            {
                if (await ObjectOfAsync(resource, created) is not { } url)
                {
                    continue;
                }

                var (detail, full) = await _client.GetJsonAsync(url);
                detail.StatusCode.ShouldBe(HttpStatusCode.OK);
                Keys(full).ShouldBe(Properties(schemas[ComponentNames.Full(resource)]), $"{resource.Identity.ModelName}: full");

                var (_, brief) = await _client.GetJsonAsync(url + "?brief=1");
                var briefSchema = schemas.TryGetValue(ComponentNames.Brief(resource), out var own) ? own : schemas[ComponentNames.Full(resource)];
                Keys(brief).ShouldBe(Properties(briefSchema), $"{resource.Identity.ModelName}: brief");

                var (_, page) = await _client.GetJsonAsync($"/api/{resource.Identity.Path}/?limit=1");
                Keys(page).ShouldBe(Properties(schemas[ComponentNames.Paginated(resource)]), $"{resource.Identity.ModelName}: page");
                compared.Add(resource.Identity.Path);
            }
        }
        finally
        {
            foreach (var url in Enumerable.Reverse(created))
            {
                await _client.SendAsync(HttpMethod.Delete, url);
            }
        }

        compared.ShouldBeSubsetOf(ResourceRegistry.Declarations.Select(r => r.Identity.Path));
        MustCompare.ShouldBeSubsetOf(compared);
    }

    [Fact]
    public async Task Keys_no_write_sets_are_read_only_and_secrets_are_write_only_and_never_shown()
    {
        var document = (await ReadAsync("/api/schema/", "json")).Document!;
        var schemas = document.Components!.Schemas!;
        foreach (var resource in ResourceRegistry.Declarations)
        {
            var full = schemas[ComponentNames.Full(resource)];
            foreach (var key in new[] { "id", "url", "display", "created", "last_updated" }.Where(full.Properties!.ContainsKey))
            {
                full.Properties![key].ReadOnly.ShouldBeTrue($"{resource.Identity.ModelName}.{key}");
            }

            foreach (var field in resource.Writes?.Fields.Where(f => f.WriteOnly) ?? [])
            {
                full.Properties!.ShouldNotContainKey(field.Name);
                foreach (var name in new[] { ComponentNames.Request(resource), ComponentNames.PatchedRequest(resource), ComponentNames.BulkRequest(resource) })
                {
                    schemas[name].Properties![field.Name].WriteOnly.ShouldBeTrue($"{name}.{field.Name}");
                }
            }
        }

        // A secret is described, never exemplified: the document has no examples or defaults for write-only fields.
        var text = await _client.GetStringAsync("/api/schema/");
        text.ShouldNotContain("\"example");
        schemas["ProxmoxEndpointRequest"].Properties!["password"].ShouldSatisfyAllConditions(
            p => p.WriteOnly.ShouldBeTrue(),
            p => p.Default.ShouldBeNull());
        schemas["TokenProvisionRequest"].Properties!["password"].WriteOnly.ShouldBeTrue();
    }

    [Fact]
    public async Task The_documented_bodies_and_answers_of_a_resource_are_its_components()
    {
        var document = (await ReadAsync("/api/schema/", "json")).Document!;
        var list = document.Paths["/api/extras/tags/"].Operations!;
        var detail = document.Paths["/api/extras/tags/{id}/"].Operations!;

        Ref(list[HttpMethod.Get].Responses!["200"].Content!["application/json"].Schema!).ShouldBe("PaginatedTagList");
        new[] { "offset", "start", "ordering", "brief", "fields", "omit", "q", "name__ic", "slug__n", "created__gte" }.ShouldBeSubsetOf(list[HttpMethod.Get].Parameters!.Select(p => p.Name));
        list[HttpMethod.Get].Parameters!.First(p => p.Name == "limit").Schema!.Type.ShouldBe(JsonSchemaType.Integer);
        list[HttpMethod.Post].RequestBody!.Content!["application/json"].Schema!.OneOf!.Select(Ref).ShouldBe(["TagRequest", "array of TagRequest"]);
        list[HttpMethod.Post].Responses!.Keys.ShouldBe(["201", "400", "403", "413", "415", "503"]);
        Ref(list[HttpMethod.Put].RequestBody!.Content!["application/json"].Schema!).ShouldBe("array of BulkTagRequest");
        Ref(list[HttpMethod.Patch].RequestBody!.Content!["application/json"].Schema!).ShouldBe("array of PatchedBulkTagRequest");
        Ref(list[HttpMethod.Delete].RequestBody!.Content!["application/json"].Schema!).ShouldBe("array of BulkDeleteRequest");
        list[HttpMethod.Delete].Responses!.Keys.ShouldContain("204");
        Ref(detail[HttpMethod.Get].Responses!["200"].Content!["application/json"].Schema!).ShouldBe("Tag");
        Ref(detail[HttpMethod.Patch].RequestBody!.Content!["application/json"].Schema!).ShouldBe("PatchedTagRequest");
        detail[HttpMethod.Patch].Responses!.Keys.ShouldBe(["200", "400", "403", "404", "412", "413", "415", "503"]);
        detail[HttpMethod.Delete].Responses!.Keys.ShouldBe(["204", "403", "404", "409", "412", "503"]);
        detail[HttpMethod.Get].Parameters!.First(p => p.Name == "id").Schema!.Type.ShouldBe(JsonSchemaType.Integer);

        document.Components!.Schemas!["TagRequest"].Required.ShouldBe(["name", "slug"], ignoreOrder: true);
        document.Components.Schemas["PatchedTagRequest"].Required.ShouldBeNull();
        document.Components.Schemas["BulkTagRequest"].Required.ShouldBe(["id", "name", "slug"], ignoreOrder: true);
        document.Components.Schemas["PatchedBulkTagRequest"].Required.ShouldBe(["id"]);

        // Settings offer GET and PATCH only; tokens are issued by their own create, which reveals the token once.
        document.Paths["/api/plugins/proxbox/settings/"].Operations!.Keys.Select(m => m.Method).ShouldBe(["GET", "OPTIONS", "PATCH"], ignoreOrder: true);
        var issue = document.Paths["/api/users/tokens/"].Operations![HttpMethod.Post];
        issue.RequestBody!.Content!["application/json"].Schema!.OneOf!.Select(Ref).ShouldBe(["TokenCreateRequest", "array of TokenCreateRequest"]);
        issue.Responses!["201"].Content!["application/json"].Schema!.OneOf!.Select(Ref).ShouldBe(["TokenCreated", "array of TokenCreated"]);
    }

    [Fact]
    public async Task The_docs_page_and_its_assets_are_served_from_the_service()
    {
        var anonymous = api.CreateAnonymousClient();
        var page = await anonymous.GetAsync("/api/docs/index.html");
        var bundle = await anonymous.GetAsync("/api/docs/swagger-ui-bundle.js");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        bundle.StatusCode.ShouldBe(HttpStatusCode.OK);
        var config = await (await anonymous.GetAsync("/api/docs/index.js")).Content.ReadAsStringAsync();
        config.ShouldContain("/api/schema/");
    }

    /// <summary>Fetches and parses a form of the document, failing on any error or warning of the reader or its validator.</summary>
    private async Task<ReadResult> ReadAsync(string url, string format)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var result = OpenApiDocument.Parse(text, format, settings);

        result.Diagnostic!.Errors.Select(e => e.ToString()).ShouldBeEmpty();
        result.Diagnostic.Warnings.Select(e => e.ToString()).ShouldBeEmpty();
        result.Diagnostic.SpecificationVersion.ShouldBe(OpenApiSpecVersion.OpenApi3_1);
        result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => e.ToString()).ShouldBeEmpty();
        return result;
    }

    /// <summary>An object of <paramref name="resource"/>: one created through the API when it offers a create, else one it lists.</summary>
    private async Task<string?> ObjectOfAsync(IResource resource, List<string> created)
    {
        var list = $"/api/{resource.Identity.Path}/";
        if (resource.Writes is { } writes)
        {
            var body = Extra.TryGetValue(resource.Identity.Path, out var extra) ? extra() : [];
            var complete = true;
            foreach (var field in writes.Fields.Where(f => f.Required && !body.ContainsKey(f.Name)))
            {
                if (await ValueAsync(field, created) is { } value)
                {
                    body[field.Name] = value;
                }
                else
                {
                    complete = false;
                }
            }

            if (complete)
            {
                var (response, answer) = await _client.PostJsonAsync(list, body.ToJsonString());
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var url = new Uri(answer!["url"]!.GetValue<string>()).AbsolutePath;
                    created.Add(url);
                    return url;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed, $"{resource.Identity.ModelName}: {answer?.ToJsonString()}");
            }
        }

        var (_, page) = await _client.GetJsonAsync(list + "?limit=1");
        return page!["results"]!.AsArray().FirstOrDefault()?["url"] is { } found ? new Uri(found.GetValue<string>()).AbsolutePath : null;
    }

    /// <summary>A valid value for a required field, by its kind; a related object is created first; null when the kind is not known here.</summary>
    private async Task<JsonNode?> ValueAsync(WriteField field, List<string> created)
    {
        switch (field)
        {
            case ForeignKeyField foreign:
                var target = ResourceRegistry.Declarations.Single(r => r.Identity.Table == foreign.Target.Table);
                return await ObjectOfAsync(target, created) is { } url ? long.Parse(url.TrimEnd('/').Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture) : null;
            case ChoiceField choice:
                return choice.Choices[0].Value;
            case IntegerField integer:
                return Math.Clamp(1, integer.Min, integer.Max);
            case BooleanField:
                return true;
            case TextField text:
                var unique = Http.Unique("oa");
                return text.MaxLength is int max && unique.Length > max ? unique[..max] : unique;
            default:
                var octets = Guid.NewGuid().ToByteArray();
                return field.Name switch
                {
                    "address" => $"10.{octets[0]}.{octets[1]}.{octets[2]}/24",
                    "ip_address" => $"10.{octets[0]}.{octets[1]}.{octets[2]}",
                    _ => null,
                };
        }
    }

    /// <summary>The operations marked open to callers without a token, as the document paths name them.</summary>
    private HashSet<string> OpenOperations() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<OpenAccess>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Where(m => m != "HEAD").Select(m => $"{m} {DocumentPath(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A route as the document writes it: API paths with NetBox's trailing slash.</summary>
    private static string DocumentPath(string route)
    {
        var path = route.StartsWith('/') ? route : "/" + route;
        return path.StartsWith("/api", StringComparison.Ordinal) && !path.EndsWith('/') ? path + "/" : path;
    }

    private static List<string> Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key).ToList();

    private static List<string> Properties(IOpenApiSchema schema) => schema.Properties!.Keys.ToList();

    private static string Ref(IOpenApiSchema schema) => schema switch
    {
        OpenApiSchemaReference reference => reference.Reference.Id!,
        { Type: JsonSchemaType.Array, Items: { } items } => "array of " + Ref(items),
        _ => "inline",
    };
}
