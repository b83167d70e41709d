using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Tests.Features.Endpoints;

/// <summary>A service whose logs are captured, to prove no endpoint secret reaches them.</summary>
public sealed class EndpointFactory : LoggedApiFactory;

public sealed class EndpointTests(EndpointFactory api) : IClassFixture<EndpointFactory>
{
    private const string Proxmox = "/api/plugins/proxbox/endpoints/proxmox/";
    private const string NetBox = "/api/plugins/proxbox/endpoints/netbox/";
    private const string FastApi = "/api/plugins/proxbox/endpoints/fastapi/";
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonNode> CreateAsync(string url, object body)
    {
        var (response, created) = await _client.PostJsonAsync(url, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    private async Task<long> IpAsync()
    {
        var address = $"172.{Random.Shared.Next(16, 32)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}/24";
        return (await CreateAsync("/api/ipam/ip-addresses/", new { address }))["id"]!.GetValue<long>();
    }

    private async Task<Dictionary<string, object?>> RowAsync(string table, long id)
    {
        await using var conn = api.OpenDatabase();
        var row = (IDictionary<string, object?>)(await conn.QuerySingleAsync($"SELECT * FROM {table} WHERE id = @id", new { id }))!;
        return row.ToDictionary(p => p.Key, p => p.Value);
    }

    [Fact]
    public async Task A_proxmox_endpoint_takes_its_defaults_and_keeps_secrets_write_only_and_sealed()
    {
        var name = Http.Unique("pve");
        var created = await CreateAsync(Proxmox, new { name, domain = "pve.example.com", password = "hunter2-secret", token_value = "tv-0123456789" });

        created["display"]!.GetValue<string>().ShouldBe($"{name} (pve.example.com)");
        created["port"]!.GetValue<int>().ShouldBe(8006);
        created["mode"]!.ToJsonString().ShouldBe("""{"value":"undefined","label":"Undefined"}""");
        created["username"]!.GetValue<string>().ShouldBe("root@pam");
        created["verify_ssl"]!.GetValue<bool>().ShouldBeFalse();
        created["password_configured"]!.GetValue<bool>().ShouldBeTrue();
        created["token_value_configured"]!.GetValue<bool>().ShouldBeTrue();
        created.AsObject().ContainsKey("password").ShouldBeFalse();
        created.ToJsonString().ShouldNotContain("hunter2-secret");
        var row = await RowAsync("netbox_proxbox_proxmoxendpoint", created["id"]!.GetValue<long>());
        row.Values.Select(v => v?.ToString() ?? "").ShouldAllBe(v => !v.Contains("hunter2-secret") && !v.Contains("tv-0123456789"));
        ((string)row["password"]!).ShouldStartWith("gcm1:");

        // A write that does not mention a secret keeps it; an empty one clears it.
        var url = created["url"]!.GetValue<string>();
        var (_, kept) = await _client.SendAsync(HttpMethod.Patch, url, new { mode = "cluster" });
        kept!["password_configured"]!.GetValue<bool>().ShouldBeTrue();
        (await RowAsync("netbox_proxbox_proxmoxendpoint", created["id"]!.GetValue<long>()))["password"].ShouldBe(row["password"]);
        var (_, cleared) = await _client.SendAsync(HttpMethod.Patch, url, new { password = "" });
        cleared!["password_configured"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task The_host_rule_needs_a_domain_or_an_ip_and_names_both_fields()
    {
        var (response, body) = await _client.PostJsonAsync(Proxmox, new { name = Http.Unique("nohost") });
        var withIp = await CreateAsync(Proxmox, new { name = Http.Unique("ip"), ip_address = await IpAsync() });
        var (patch, patchBody) = await _client.SendAsync(HttpMethod.Patch, withIp["url"]!.GetValue<string>(), new { ip_address = (long?)null });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["domain"]![0]!.GetValue<string>().ShouldBe("Provide either a domain or an IP address.");
        body["ip_address"]![0]!.GetValue<string>().ShouldBe("Provide either a domain or an IP address.");
        patch.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a PATCH is judged on the merged values");
        patchBody!["domain"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("bad_domain!")]
    [InlineData("-leading.example.com")]
    public async Task A_domain_must_be_a_host_name(string domain)
    {
        var (response, body) = await _client.PostJsonAsync(Proxmox, new { name = Http.Unique("dom"), domain });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["domain"]![0]!.GetValue<string>().ShouldBe($"{domain} is not a valid domain name");
    }

    [Fact]
    public async Task Display_prefers_the_ip_then_the_domain_and_an_empty_name_falls_back()
    {
        var ipId = await IpAsync();
        var ip = (await _client.GetJsonAsync($"/api/ipam/ip-addresses/{ipId}/")).Body!["address"]!.GetValue<string>().Split('/')[0];
        var name = Http.Unique("disp");

        var both = await CreateAsync(Proxmox, new { name, ip_address = ipId, domain = "both.example.com" });
        var unnamed = await CreateAsync(FastApi, new { name = "", domain = "only.example.com" });

        both["display"]!.GetValue<string>().ShouldBe($"{name} ({ip})");
        both["ip_address"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "family", "address"]);
        unnamed["display"]!.GetValue<string>().ShouldBe("only.example.com");
    }

    [Fact]
    public async Task The_identity_constraint_is_a_400_with_upstreams_message()
    {
        var name = Http.Unique("same");
        var ip = await IpAsync();
        await CreateAsync(Proxmox, new { name, ip_address = ip, domain = "same.example.com" });

        var (response, body) = await _client.PostJsonAsync(Proxmox, new { name, ip_address = ip, domain = "same.example.com" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["__all__"]![0]!.GetValue<string>().ShouldBe("Proxmox endpoint with this Name, IP address and Domain already exists.");
    }

    [Fact]
    public async Task An_ip_address_in_use_by_an_endpoint_cannot_be_deleted()
    {
        var ip = await IpAsync();
        await CreateAsync(NetBox, new { name = Http.Unique("nb"), ip_address = ip });

        var (response, body) = await _client.SendAsync(HttpMethod.Delete, $"/api/ipam/ip-addresses/{ip}/");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        body!["detail"]!.GetValue<string>().ShouldStartWith("Unable to delete object. 1 dependent objects were found:");
        (await api.ScalarAsync<long>("SELECT count(*) FROM ipam_ipaddress WHERE id = @ip", new { ip })).ShouldBe(1);
    }

    [Fact]
    public async Task NetBox_v2_tokens_need_a_key_and_a_sealed_secret()
    {
        var (missing, errors) = await _client.PostJsonAsync(NetBox, new { name = Http.Unique("nb"), domain = "nb.example.com", token_version = "v2" });
        var created = await CreateAsync(NetBox, new { name = Http.Unique("nb"), domain = "nb.example.com", token_version = "v2", token_key = "abcdefabcdef", token_secret = "super-secret-value" });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!["token_key"]![0]!.GetValue<string>().ShouldBe("Token key is required when using a v2 token.");
        errors["token_secret"]![0]!.GetValue<string>().ShouldBe("Token secret is required when using a v2 token.");
        created["token_version"]!.GetValue<string>().ShouldBe("v2");
        created["token_key"]!.GetValue<string>().ShouldBe("abcdefabcdef");
        created["token_secret_configured"]!.GetValue<bool>().ShouldBeTrue();
        ((string)(await RowAsync("netbox_proxbox_netboxendpoint", created["id"]!.GetValue<long>()))["token_secret"]!).ShouldStartWith("gcm1:");
    }

    [Fact]
    public async Task NetBox_v1_tokens_are_references_to_this_services_tokens_and_v2_references_are_refused()
    {
        var v1 = (await _client.PostJsonAsync("/api/users/tokens/", new { version = 1 })).Body!;
        var v2 = (await _client.PostJsonAsync("/api/users/tokens/", new { version = 2 })).Body!;

        var created = await CreateAsync(NetBox, new { name = Http.Unique("nb"), domain = "nb.example.com", token = v1["id"]!.GetValue<long>(), token_version = "v2", token_key = "ignored" });
        var (refused, body) = await _client.PostJsonAsync(NetBox, new { name = Http.Unique("nb"), domain = "nb.example.com", token = v2["id"]!.GetValue<long>() });
        var (deleteToken, _) = await _client.SendAsync(HttpMethod.Delete, v1["url"]!.GetValue<string>());

        created["token_version"]!.GetValue<string>().ShouldBe("v1");
        created["token_key"]!.GetValue<string>().ShouldBe("");
        created["token"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "key"]);
        created["token"]!["display"]!.GetValue<string>().ShouldEndWith(v1["token"]!.GetValue<string>()[^6..]);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["token"]![0]!.GetValue<string>().ShouldStartWith("Selected NetBox v2 token cannot be used by this endpoint");
        deleteToken.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a token an endpoint uses is protected");
    }

    [Fact]
    public async Task A_blank_fastapi_token_is_generated_shown_once_and_sealed()
    {
        var created = await CreateAsync(FastApi, new { name = Http.Unique("api"), domain = "backend.example.com" });
        var given = await CreateAsync(FastApi, new { name = Http.Unique("api"), domain = "backend.example.com", token = "my-own-token-value" });
        var token = created["token"]!.GetValue<string>();

        token.Length.ShouldBe(64);
        created["token_configured"]!.GetValue<bool>().ShouldBeTrue();
        given.AsObject().ContainsKey("token").ShouldBeFalse("a client's own token is not echoed");
        var (_, read) = await _client.GetJsonAsync(created["url"]!.GetValue<string>());
        read!.AsObject().ContainsKey("token").ShouldBeFalse();
        var stored = (string)(await RowAsync("netbox_proxbox_fastapiendpoint", created["id"]!.GetValue<long>()))["token"]!;
        stored.ShouldStartWith("gcm1:");
        new SecretBox(ServerSecret.Parse(api.SecretKey)).Decrypt(stored).ShouldBe(token);
    }

    [Fact]
    public async Task No_endpoint_secret_reaches_a_log_line_or_an_error_message()
    {
        const string secret = "log-canary-7f3a9c";
        await CreateAsync(Proxmox, new { name = Http.Unique("log"), domain = "log.example.com", password = secret, token_value = secret + "-tv" });
        var (bad, body) = await _client.PostJsonAsync(Proxmox, new { name = Http.Unique("log"), password = secret });

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!.ToJsonString().ShouldNotContain(secret);
        api.Logs.All.ShouldContain("/api/plugins/proxbox/endpoints/proxmox/");
        api.Logs.All.ShouldNotContain(secret);
    }

    [Fact]
    public async Task Rotating_the_key_reseals_every_secret_so_it_still_opens()
    {
        var created = await CreateAsync(Proxmox, new { name = Http.Unique("rot"), domain = "rot.example.com", password = "rotate-me" });
        var current = ServerSecret.Parse(api.SecretKey);
        var next = ServerSecret.Parse(ServerSecret.Generate());
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);

        var count = await SecretRotation.RotateAsync(db, current, next, CancellationToken.None);

        count.ShouldBeGreaterThan(0);
        var stored = (string)(await RowAsync("netbox_proxbox_proxmoxendpoint", created["id"]!.GetValue<long>()))["password"]!;
        SecretBox.KeyIdOf(stored).ShouldBe(next.KeyId);
        new SecretBox(next).Decrypt(stored).ShouldBe("rotate-me");
        await using var conn = api.OpenDatabase();
        foreach (var (table, column) in SecretRotation.SecretColumns)
        {
            (await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {column} LIKE 'gcm1:{current.KeyId}:%'")).ShouldBe(0, $"{table}.{column}");
        }

        // Back under the service's own key, so the other tests of this fixture keep working.
        (await SecretRotation.RotateAsync(db, next.WithRetired([current]), current, CancellationToken.None)).ShouldBe(count);
    }

    [Fact]
    public async Task The_namespace_root_lists_the_three_kinds()
    {
        var (response, body) = await _client.GetJsonAsync("/api/plugins/proxbox/endpoints/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!.AsObject().Select(p => p.Key).ShouldBe(["fastapi", "netbox", "proxmox"]);
    }

    [Fact]
    public async Task The_endpoint_json_shapes_are_pinned()
    {
        var proxmox = await CreateAsync(Proxmox, new { name = "snap-pve", domain = "pve.snap.example.com", mode = "cluster", version = "8.1.4", token_name = "proxbox", token_value = "x" });
        var netbox = await CreateAsync(NetBox, new { name = "snap-nb", domain = "nb.snap.example.com", token_version = "v2", token_key = "keykeykeykey", token_secret = "s" });
        var fastapi = await CreateAsync(FastApi, new { name = "snap-api", domain = "api.snap.example.com", websocket_port = 8801 });
        fastapi["token"] = "<generated>";

        Approvals.Normalize(new JsonObject
        {
            ["proxmox"] = await Approvals.ContractAsync(_client, proxmox, new { name = "", domain = "not a domain", mode = "bogus" }),
            ["netbox"] = await Approvals.ContractAsync(_client, netbox, new { name = "", domain = "nb.example.com", token_version = "v9" }),
            ["fastapi_created"] = fastapi.DeepClone(),
            ["fastapi"] = await Approvals.ContractAsync(_client, fastapi, new { name = "", domain = "api.example.com", websocket_port = 70000 }, "token"),
        }).ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
