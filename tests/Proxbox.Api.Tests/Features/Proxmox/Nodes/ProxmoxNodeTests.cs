using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using static Proxbox.Api.Tests.Features.Proxmox.ProxmoxApi;

namespace Proxbox.Api.Tests.Features.Proxmox.Nodes;

[Collection(ApiCollection.Name)]
public sealed class ProxmoxNodeTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();
    private readonly ProxmoxApi _pve = new(api.CreateClient());

    private Task<string[]> NamesAsync(string query) => _pve.NamesAsync($"{NodesUrl}?{query}");

    private Task<JsonNode> NodeAsync(JsonNode endpoint, string name, object? more = null)
    {
        var body = new JsonObject { ["endpoint"] = Id(endpoint), ["name"] = name, ["ip_address"] = "10.0.0.10" };
        foreach (var (key, value) in more is null ? [] : System.Text.Json.JsonSerializer.SerializeToNode(more)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        return _pve.NodeAsync(body);
    }

    [Fact]
    public async Task The_documented_endpoint_id_filter_lists_one_endpoints_nodes()
    {
        var endpoint = await _pve.EndpointAsync();
        var other = await _pve.EndpointAsync();
        await NodeAsync(endpoint, "pve-node-01");
        await NodeAsync(endpoint, "pve-node-02");
        await NodeAsync(other, "pve-node-01");

        var (response, body) = await _client.GetJsonAsync($"{NodesUrl}?endpoint_id={Id(endpoint)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["count"]!.GetValue<long>().ShouldBe(2);
        body["results"]!.AsArray().Select(n => Name(n!)).ShouldBe(["pve-node-01", "pve-node-02"]);
        body["results"]!.AsArray().ShouldAllBe(n => Id(n!["endpoint"]!) == Id(endpoint));
    }

    [Fact]
    public async Task The_documented_online_filter_lists_online_nodes_only()
    {
        var endpoint = await _pve.EndpointAsync();
        var prefix = Http.Unique("on");
        await NodeAsync(endpoint, $"{prefix}-up", new { online = true });
        await NodeAsync(endpoint, $"{prefix}-down", new { online = false });

        var (response, body) = await _client.GetJsonAsync($"{NodesUrl}?online=true");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["count"]!.GetValue<long>().ShouldBe(await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxnode WHERE online"));
        body["results"]!.AsArray().ShouldAllBe(n => n!["online"]!.GetValue<bool>());
        (await NamesAsync($"endpoint={Id(endpoint)}&online=true")).ShouldBe([$"{prefix}-up"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&online=True")).ShouldBe([$"{prefix}-up"], "pynetbox sends Python's spelling");
        (await NamesAsync($"endpoint={Id(endpoint)}&online=1")).ShouldBe([$"{prefix}-up"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&online=false")).ShouldBe([$"{prefix}-down"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&online=0")).ShouldBe([$"{prefix}-down"]);
    }

    [Fact]
    public async Task The_documented_patch_links_a_device_and_null_unlinks_it()
    {
        var endpoint = await _pve.EndpointAsync();
        var device = await _pve.DeviceAsync();
        var node = await NodeAsync(endpoint, Http.Unique("pve-node"), new { max_cpu = 32 });

        var (response, body) = await _client.SendAsync(HttpMethod.Patch, Url(node), $$"""{"netbox_device": {{Id(device)}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(body!["netbox_device"]).ShouldBe(Text(new JsonObject
        {
            ["id"] = Id(device), ["url"] = $"http://localhost{DevicesUrl}{Id(device)}/", ["display"] = Name(device), ["name"] = Name(device),
        }));
        body["max_cpu"]!.GetValue<int>().ShouldBe(32, "a PATCH leaves what it does not mention");
        (await api.ScalarAsync<long>("SELECT netbox_device_id FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(node) })).ShouldBe(Id(device));

        var (unlinked, unlinkedBody) = await _client.SendAsync(HttpMethod.Patch, Url(node), """{"netbox_device": null}""");
        unlinked.StatusCode.ShouldBe(HttpStatusCode.OK);
        unlinkedBody!["netbox_device"].ShouldBeNull();
        (await api.ScalarAsync<bool>("SELECT netbox_device_id IS NULL FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(node) })).ShouldBeTrue();
    }

    [Fact]
    public async Task Create_takes_upstreams_defaults_and_stores_them()
    {
        var endpoint = await _pve.EndpointAsync();
        var name = Http.Unique("pve-node");

        var (response, body) = await _client.PostJsonAsync(NodesUrl, new { endpoint = Id(endpoint), name, ip_address = " 10.0.0.10 " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        body.ShouldNotBeNull();
        response.Headers.Location!.ToString().ShouldBe(Url(body));
        Url(body).ShouldBe($"http://localhost{NodesUrl}{Id(body)}/");
        body["display"]!.GetValue<string>().ShouldBe(name);
        foreach (var empty in new[] { "proxmox_cluster", "netbox_device", "node_id", "cpu_usage", "cpu_usage_percent", "max_cpu", "memory_usage", "memory_usage_percent", "max_memory" })
        {
            body[empty].ShouldBeNull(empty);
        }

        body["ip_address"]!.GetValue<string>().ShouldBe("10.0.0.10");
        body["online"]!.GetValue<bool>().ShouldBeFalse();
        body["local"]!.GetValue<bool>().ShouldBeFalse();
        body["ssl_fingerprint"]!.GetValue<string>().ShouldBe("");
        body["support_level"]!.GetValue<string>().ShouldBe("");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long EndpointId, string Name, string Ip, bool Online, bool Local, string Fingerprint, string Support, bool Unset)>(
                """
                SELECT endpoint_id, name, ip_address, online, local, ssl_fingerprint, support_level,
                       num_nulls(proxmox_cluster_id, netbox_device_id, node_id, cpu_usage, max_cpu, memory_usage, max_memory) = 7
                FROM netbox_proxbox_proxmoxnode WHERE id = @id
                """, new { id = Id(body) }))
            .ShouldBe((Id(endpoint), name, "10.0.0.10", false, false, "", "", true));
    }

    [Fact]
    public async Task Every_field_is_written_and_read_back()
    {
        var endpoint = await _pve.EndpointAsync();
        var cluster = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("pve-cluster") });
        var device = await _pve.DeviceAsync();

        var node = await NodeAsync(endpoint, Http.Unique("full"), new
        {
            proxmox_cluster = Id(cluster), netbox_device = Id(device), node_id = 1, ip_address = "2001:DB8:0:0:0:0:0:10", online = "yes", local = 1, cpu_usage = "0.125",
            max_cpu = 32, memory_usage = 17179869184, max_memory = 68719476736, ssl_fingerprint = "AB:CD:EF", support_level = "c",
            cpu_usage_percent = 99, memory_usage_percent = 99,
        });

        Id(node["proxmox_cluster"]!).ShouldBe(Id(cluster));
        Id(node["netbox_device"]!).ShouldBe(Id(device));
        node["node_id"]!.GetValue<int>().ShouldBe(1);
        node["ip_address"]!.GetValue<string>().ShouldBe("2001:db8::10", "stored and returned in canonical form");
        node["online"]!.GetValue<bool>().ShouldBeTrue();
        node["local"]!.GetValue<bool>().ShouldBeTrue();
        node["cpu_usage"]!.GetValue<double>().ShouldBe(0.125);
        node["cpu_usage_percent"]!.GetValue<double>().ShouldBe(0.125, "read-only, and the stored value unscaled");
        node["max_cpu"]!.GetValue<int>().ShouldBe(32);
        node["memory_usage"]!.GetValue<long>().ShouldBe(17179869184);
        node["memory_usage_percent"]!.GetValue<double>().ShouldBe(25.0, "read-only: computed, whatever the body said");
        node["max_memory"]!.GetValue<long>().ShouldBe(68719476736);
        node["ssl_fingerprint"]!.GetValue<string>().ShouldBe("AB:CD:EF");
        node["support_level"]!.GetValue<string>().ShouldBe("c");
        (await api.ScalarAsync<string>("SELECT ip_address FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(node) })).ShouldBe("2001:db8::10");
    }

    [Theory]
    [InlineData("17179869184", "68719476736", "25.0")]
    [InlineData("0", "68719476736", "0.0")]
    [InlineData("1", "3", "33.33333333333333")]
    [InlineData("68719476736", "68719476736", "100.0")]
    [InlineData("null", "68719476736", "null")]
    [InlineData("17179869184", "null", "null")]
    [InlineData("17179869184", "0", "null")]
    [InlineData("null", "null", "null")]
    public async Task Memory_usage_percent_is_used_over_total_and_null_when_either_is_unknown_or_the_total_is_zero(string used, string total, string percent)
    {
        var endpoint = await _pve.EndpointAsync();

        var (_, created) = await _client.PostJsonAsync(NodesUrl,
            $$"""{"endpoint": {{Id(endpoint)}}, "name": "mem", "ip_address": "10.0.0.1", "memory_usage": {{used}}, "max_memory": {{total}}}""");
        var (_, read) = await _client.GetJsonAsync(Url(created!));

        Text(created!["memory_usage_percent"]).ShouldBe(percent);
        Text(read!["memory_usage_percent"]).ShouldBe(percent);
    }

    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData("0.42", "0.42")]
    [InlineData("12", "12.0")]
    [InlineData("0", "0.0")]
    [InlineData("null", "null")]
    public async Task Cpu_usage_percent_repeats_cpu_usage_as_a_float(string usage, string percent)
    {
        var endpoint = await _pve.EndpointAsync();

        var (_, created) = await _client.PostJsonAsync(NodesUrl, $$"""{"endpoint": {{Id(endpoint)}}, "name": "cpu", "ip_address": "10.0.0.1", "cpu_usage": {{usage}}}""");

        Text(created!["cpu_usage"]).ShouldBe(percent);
        Text(created["cpu_usage_percent"]).ShouldBe(percent);
    }

    [Theory]
    [InlineData("10.0.0.10", "10.0.0.10")]
    [InlineData("  192.168.1.1 ", "192.168.1.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("2001:db8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("::1", "::1")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("::ffff:0:1.2.3.4", "::ffff:0:102:304")]
    [InlineData("::ffff:0.0.0.0", "::ffff:0.0.0.0")]
    [InlineData("0:0:0:0:0:0:0:0", "::")]
    [InlineData("1:0:0:0:2:0:0:3", "1::2:0:0:3")]
    public async Task An_ip_address_is_stored_without_prefix_in_canonical_form(string given, string stored)
    {
        var endpoint = await _pve.EndpointAsync();

        var node = await NodeAsync(endpoint, "ip", new { ip_address = given });

        node["ip_address"]!.GetValue<string>().ShouldBe(stored);
        (await api.ScalarAsync<string>("SELECT ip_address FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(node) })).ShouldBe(stored);
        (await NamesAsync($"endpoint={Id(endpoint)}&ip_address={Uri.EscapeDataString(stored)}")).ShouldBe(["ip"]);
    }

    [Theory]
    [InlineData("\"10.1\"")]
    [InlineData("\"10.0.0.1/24\"")]
    [InlineData("\"2001:db8::1/64\"")]
    [InlineData("\"10.0.0.256\"")]
    [InlineData("\"010.0.0.1\"")]
    [InlineData("\"0x0a.0.0.1\"")]
    [InlineData("\"1.2.3.4:8006\"")]
    [InlineData("\"[::1]\"")]
    [InlineData("\"[::1]:8006\"")]
    [InlineData("\"::1.2.3.04\"")]
    [InlineData("\"fe80::1%eth0\"")]
    [InlineData("\"1::2::3\"")]
    [InlineData("\"pve-node-01\"")]
    [InlineData("12")]
    [InlineData("true")]
    public async Task Anything_but_a_plain_address_is_refused_with_djangos_message(string ipAddress)
    {
        var endpoint = await _pve.EndpointAsync();

        var (response, body) = await _client.PostJsonAsync(NodesUrl, $$"""{"endpoint": {{Id(endpoint)}}, "name": "bad-ip", "ip_address": {{ipAddress}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(body).ShouldBe("""{"ip_address":["Enter a valid IPv4 or IPv6 address."]}""");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxnode WHERE endpoint_id = @id", new { id = Id(endpoint) })).ShouldBe(0);
    }

    [Fact]
    public async Task Required_fields_lengths_ranges_and_types_answer_netbox_messages()
    {
        var endpoint = await _pve.EndpointAsync();

        var (empty, emptyBody) = await _client.PostJsonAsync(NodesUrl, new { });
        var (bad, badBody) = await _client.PostJsonAsync(NodesUrl, new
        {
            endpoint = Id(endpoint), name = new string('n', 256), ip_address = "", node_id = 2147483648L, online = "perhaps", cpu_usage = "lots", max_cpu = -2147483649L,
            ssl_fingerprint = new string('f', 256), support_level = new string('s', 101),
        });
        var (huge, hugeBody) = await _client.PostJsonAsync(NodesUrl,
            $$"""{"endpoint": {{Id(endpoint)}}, "name": "x", "ip_address": "10.0.0.1", "memory_usage": 9223372036854775808, "max_memory": 1.5}""");
        var (nulls, nullBody) = await _client.PostJsonAsync(NodesUrl, """{"endpoint": null, "name": null, "ip_address": null, "online": null, "ssl_fingerprint": null}""");
        var (longest, _) = await _client.PostJsonAsync(NodesUrl, new
        {
            endpoint = Id(endpoint), name = new string('n', 255), ip_address = "10.0.0.1", ssl_fingerprint = new string('f', 255), support_level = new string('s', 100),
            memory_usage = long.MaxValue, max_memory = long.MaxValue, node_id = int.MaxValue,
        });

        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(emptyBody).ShouldBe("""{"endpoint":["This field is required."],"name":["This field is required."],"ip_address":["This field is required."]}""");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(badBody).ShouldBe(Text(new JsonObject
        {
            ["name"] = new JsonArray("Ensure this field has no more than 255 characters."),
            ["node_id"] = new JsonArray("Ensure this value is less than or equal to 2147483647."),
            ["ip_address"] = new JsonArray("This field may not be blank."),
            ["online"] = new JsonArray("Must be a valid boolean."),
            ["cpu_usage"] = new JsonArray("A valid number is required."),
            ["max_cpu"] = new JsonArray("Ensure this value is greater than or equal to -2147483648."),
            ["ssl_fingerprint"] = new JsonArray("Ensure this field has no more than 255 characters."),
            ["support_level"] = new JsonArray("Ensure this field has no more than 100 characters."),
        }));
        huge.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        hugeBody!["memory_usage"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 9223372036854775807.");
        hugeBody["max_memory"]![0]!.GetValue<string>().ShouldBe("A valid integer is required.");
        nulls.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "endpoint", "name", "ip_address", "online", "ssl_fingerprint" })
        {
            nullBody![field]![0]!.GetValue<string>().ShouldBe("This field may not be null.", field);
        }

        longest.StatusCode.ShouldBe(HttpStatusCode.Created, "the longest strings and largest integers fit");
        (await api.ScalarAsync<long>("SELECT max_memory FROM netbox_proxbox_proxmoxnode WHERE endpoint_id = @id", new { id = Id(endpoint) })).ShouldBe(long.MaxValue);
    }

    [Fact]
    public async Task The_name_is_unique_per_endpoint_on_create_rename_and_within_one_bulk_post()
    {
        var endpoint = await _pve.EndpointAsync();
        var other = await _pve.EndpointAsync();
        var name = Http.Unique("dup");
        await NodeAsync(endpoint, name);
        var second = await NodeAsync(endpoint, Http.Unique("dup"));
        var elsewhere = await NodeAsync(other, name);

        var (create, createBody) = await _client.PostJsonAsync(NodesUrl, new { endpoint = Id(endpoint), name, ip_address = "10.0.0.2" });
        var (rename, renameBody) = await _client.SendAsync(HttpMethod.Patch, Url(second), new { name });
        var (move, moveBody) = await _client.SendAsync(HttpMethod.Patch, Url(elsewhere), new { endpoint = Id(endpoint) });
        var twin = Http.Unique("twin");
        var (bulk, bulkBody) = await _client.PostJsonAsync(NodesUrl, new object[]
        {
            new { endpoint = Id(other), name = twin, ip_address = "10.0.0.3" }, new { endpoint = Id(other), name = twin, ip_address = "10.0.0.4" },
        });
        var (bulkRename, bulkRenameBody) = await _client.SendAsync(HttpMethod.Patch, NodesUrl, new object[] { new { id = Id(second), name } });

        const string Message = """{"__all__":["Proxmox node with this Proxmox endpoint and Node name already exists."]}""";
        create.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(createBody).ShouldBe(Message);
        rename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(renameBody).ShouldBe(Message);
        move.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(moveBody).ShouldBe(Message);
        bulk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(bulkBody).ShouldBe($"[{{}},{Message}]");
        bulkRename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(bulkRenameBody).ShouldBe(Message);
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxnode WHERE name = @name", new { name })).ShouldBe(2);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxnode WHERE name = @twin", new { twin })).ShouldBe(0);
    }

    [Fact]
    public async Task Filters_by_every_foreign_key_under_both_spellings_with_null_and_negation()
    {
        var one = await _pve.EndpointAsync(Http.Unique("aa-pve"));
        var two = await _pve.EndpointAsync(Http.Unique("zz-pve"));
        var cluster = await _pve.ClusterAsync(new { endpoint = Id(one), name = Http.Unique("pve-cluster") });
        var device = await _pve.DeviceAsync();
        var prefix = Http.Unique("fk");
        await NodeAsync(one, $"{prefix}-a", new { proxmox_cluster = Id(cluster), netbox_device = Id(device) });
        await NodeAsync(one, $"{prefix}-b", new { proxmox_cluster = Id(cluster) });
        await NodeAsync(two, $"{prefix}-c");

        foreach (var (query, expected) in new (string, string[])[]
                 {
                     ($"endpoint={Id(one)}", ["a", "b"]),
                     ($"endpoint_id={Id(one)}", ["a", "b"]),
                     ($"endpoint__n={Id(one)}", ["c"]),
                     ($"endpoint_id__n={Id(one)}", ["c"]),
                     ($"proxmox_cluster={Id(cluster)}", ["a", "b"]),
                     ($"proxmox_cluster_id={Id(cluster)}", ["a", "b"]),
                     ("proxmox_cluster=null", ["c"]),
                     ("proxmox_cluster_id=null", ["c"]),
                     ($"proxmox_cluster__n={Id(cluster)}", ["c"]),
                     ("proxmox_cluster_id__n=null", ["a", "b"]),
                     ($"netbox_device={Id(device)}", ["a"]),
                     ($"netbox_device_id={Id(device)}", ["a"]),
                     ("netbox_device=null", ["b", "c"]),
                     ("netbox_device_id=null", ["b", "c"]),
                     ($"netbox_device__n={Id(device)}", ["b", "c"]),
                     ($"netbox_device_id=null&netbox_device_id={Id(device)}", ["a", "b", "c"]),
                 })
        {
            (await NamesAsync($"name__isw={prefix}&{query}")).ShouldBe(expected.Select(e => $"{prefix}-{e}").ToArray(), query);
        }

        var (bad, errors) = await _client.GetJsonAsync($"{NodesUrl}?proxmox_cluster_id=pve");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(errors).ShouldBe("""{"proxmox_cluster_id":["“pve” is not a valid value."]}""");
    }

    [Fact]
    public async Task Name_ip_and_boolean_filters_with_lookups_and_q_over_name_ip_and_fingerprint()
    {
        var endpoint = await _pve.EndpointAsync();
        var prefix = Http.Unique("lk");
        await NodeAsync(endpoint, $"{prefix}-Alpha", new { ip_address = "10.20.0.1", online = true, local = true, ssl_fingerprint = "AB:CD:EF:01" });
        await NodeAsync(endpoint, $"{prefix}-beta", new { ip_address = "10.30.0.2", online = true, ssl_fingerprint = "99:88" });
        await NodeAsync(endpoint, $"{prefix}-gamma", new { ip_address = "2001:db8::20" });

        foreach (var (query, expected) in new (string, string[])[]
                 {
                     ($"name={prefix}-beta", ["beta"]),
                     ($"name={prefix}-beta&name={prefix}-gamma", ["beta", "gamma"]),
                     ($"name__ic=ALPH", ["Alpha"]),
                     ($"name__nisw={prefix}-a", ["beta", "gamma"]),
                     ($"name__iew=MMA", ["gamma"]),
                     ("ip_address=10.30.0.2", ["beta"]),
                     ("ip_address__isw=10.", ["Alpha", "beta"]),
                     ("ip_address__ic=db8", ["gamma"]),
                     ("ip_address__n=10.20.0.1", ["beta", "gamma"]),
                     ("online=true&local=false", ["beta"]),
                     ("local=True", ["Alpha"]),
                     ("local=0", ["beta", "gamma"]),
                     ("q=ab:cd", ["Alpha"]),
                     ("q=10.30", ["beta"]),
                     ("q=GAMMA", ["gamma"]),
                     ("q=2001:DB8", ["gamma"]),
                     ("q=nowhere", []),
                 })
        {
            (await NamesAsync($"endpoint={Id(endpoint)}&{query}")).ShouldBe(expected.Select(e => $"{prefix}-{e}").ToArray(), query);
        }
    }

    [Fact]
    public async Task Default_ordering_is_endpoint_name_then_name_and_ordering_takes_fields()
    {
        var zed = await _pve.EndpointAsync(Http.Unique("zz-pve"));
        var abe = await _pve.EndpointAsync(Http.Unique("aa-pve"));
        var prefix = Http.Unique("ord");
        await NodeAsync(zed, $"{prefix}-a", new { max_memory = 1, node_id = 3, ssl_fingerprint = "CC" });
        await NodeAsync(abe, $"{prefix}-c", new { max_memory = 3, node_id = 1, ssl_fingerprint = "AA" });
        await NodeAsync(abe, $"{prefix}-b", new { max_memory = 2, ssl_fingerprint = "BB" });

        (await NamesAsync($"name__isw={prefix}")).ShouldBe([$"{prefix}-b", $"{prefix}-c", $"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&ordering=name")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&ordering=-max_memory")).ShouldBe([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&ordering=-endpoint,-name")).ShouldBe([$"{prefix}-a", $"{prefix}-c", $"{prefix}-b"]);
        (await NamesAsync($"name__isw={prefix}&ordering=node_id")).ShouldBe([$"{prefix}-c", $"{prefix}-a", $"{prefix}-b"], "nulls last, as PostgreSQL sorts them");
        (await NamesAsync($"name__isw={prefix}&ordering=-ssl_fingerprint")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
    }

    [Fact]
    public async Task Deletes_cascade_from_the_endpoint_and_unlink_the_proxmox_cluster_and_the_device()
    {
        var endpoint = await _pve.EndpointAsync();
        var keeper = await _pve.EndpointAsync();
        var cluster = await _pve.ClusterAsync(new { endpoint = Id(keeper), name = Http.Unique("pve-cluster") });
        var device = await _pve.DeviceAsync();
        var doomed = await NodeAsync(endpoint, Http.Unique("doomed"));
        var kept = await NodeAsync(keeper, Http.Unique("kept"), new { proxmox_cluster = Id(cluster), netbox_device = Id(device) });

        (await _client.SendAsync(HttpMethod.Delete, Url(endpoint))).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, Url(cluster))).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, Url(device))).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var (gone, goneBody) = await _client.GetJsonAsync(Url(doomed));
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Text(goneBody).ShouldBe("""{"detail":"No ProxmoxNode matches the given query."}""");
        var (_, after) = await _client.GetJsonAsync(Url(kept));
        after!["proxmox_cluster"].ShouldBeNull();
        after["netbox_device"].ShouldBeNull();
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(doomed) })).ShouldBe(0);
        (await conn.ExecuteScalarAsync<bool>("SELECT proxmox_cluster_id IS NULL AND netbox_device_id IS NULL FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(kept) }))
            .ShouldBeTrue();
    }

    [Fact]
    public async Task The_cluster_and_device_are_linked_by_every_reference_form()
    {
        var endpoint = await _pve.EndpointAsync();
        var cluster = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("pve01") });
        var device = await _pve.DeviceAsync();
        var echoed = await NodeAsync(endpoint, Http.Unique("echo"), new { proxmox_cluster = Id(cluster), netbox_device = Id(device) });
        object[] clusterForms = [Id(cluster), Id(cluster).ToString(), new { id = Id(cluster) }, echoed["proxmox_cluster"]!, new { name = Name(cluster) }];
        object[] deviceForms = [Id(device), Id(device).ToString(), new { id = Id(device) }, echoed["netbox_device"]!, new { name = Name(device) }];

        for (var i = 0; i < clusterForms.Length; i++)
        {
            var node = await NodeAsync(endpoint, Http.Unique("ref"), new { proxmox_cluster = clusterForms[i], netbox_device = deviceForms[i], endpoint = echoed["endpoint"] });
            Id(node["proxmox_cluster"]!).ShouldBe(Id(cluster), clusterForms[i].ToString());
            Id(node["netbox_device"]!).ShouldBe(Id(device), deviceForms[i].ToString());
            (await api.ScalarAsync<long>("SELECT proxmox_cluster_id FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(node) })).ShouldBe(Id(cluster));
        }
    }

    [Fact]
    public async Task A_cluster_name_two_endpoints_share_is_ambiguous_unless_the_endpoint_is_given_and_a_missing_device_is_not_found()
    {
        var name = Http.Unique("pve01");
        var endpoint = await _pve.EndpointAsync();
        await _pve.ClusterAsync(new { endpoint = Id(endpoint), name });
        await _pve.ClusterAsync(new { endpoint = Id(await _pve.EndpointAsync()), name });

        var (ambiguous, ambiguousBody) = await _client.PostJsonAsync(NodesUrl, new { endpoint = Id(endpoint), name = "n", ip_address = "10.0.0.1", proxmox_cluster = new { name } });
        var (missing, missingBody) = await _client.PostJsonAsync(NodesUrl, new { endpoint = Id(endpoint), name = "n", ip_address = "10.0.0.1", netbox_device = 987654321 });
        var (unknown, unknownBody) = await _client.PostJsonAsync(NodesUrl, new { endpoint = Id(endpoint), name = "n", ip_address = "10.0.0.1", netbox_device = new { name = "no-such-device" } });
        var (keyword, keywordBody) = await _client.PostJsonAsync(NodesUrl, new { endpoint = Id(endpoint), name = "n", ip_address = "10.0.0.1", proxmox_cluster = new { colour = "red" } });
        var resolved = await NodeAsync(endpoint, "n", new { proxmox_cluster = new { endpoint = Id(endpoint), name } });

        ambiguous.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(ambiguousBody).ShouldBe($$"""{"proxmox_cluster":["Multiple objects match the provided attributes: {'name': '{{name}}'}"]}""");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(missingBody).ShouldBe("""{"netbox_device":["Related object not found using the provided numeric ID: 987654321"]}""");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(unknownBody).ShouldBe("""{"netbox_device":["Related object not found using the provided attributes: {'name': 'no-such-device'}"]}""");
        keyword.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(keywordBody).ShouldBe("""{"proxmox_cluster":["Cannot resolve keyword 'colour' into field. Choices are: cluster_id, endpoint, id, name."]}""");
        resolved["proxmox_cluster"]!["name"]!.GetValue<string>().ShouldBe(name, "the endpoint tells the two apart");
        (await api.ScalarAsync<long>("SELECT proxmox_cluster_id FROM netbox_proxbox_proxmoxnode WHERE id = @id", new { id = Id(resolved) }))
            .ShouldBe(await api.ScalarAsync<long>("SELECT id FROM netbox_proxbox_proxmoxcluster WHERE endpoint_id = @e AND name = @name", new { e = Id(endpoint), name }));
    }

    [Fact]
    public async Task The_proxmox_nodes_alias_lists_gets_creates_patches_and_deletes_the_same_objects()
    {
        var endpoint = await _pve.EndpointAsync();
        var name = Http.Unique("alias");

        var created = await _pve.CreateAsync(NodeAliasUrl, new { endpoint = Id(endpoint), name, ip_address = "10.0.0.1" });
        var (listed, list) = await _client.GetJsonAsync($"{NodeAliasUrl}?endpoint_id={Id(endpoint)}");
        var (got, detail) = await _client.GetJsonAsync($"{NodeAliasUrl}{Id(created)}/");
        var (patched, patchedBody) = await _client.SendAsync(HttpMethod.Patch, $"{NodeAliasUrl}{Id(created)}/", new { online = true });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, NodeAliasUrl, new object[] { new { id = Id(created), local = true } });
        var (_, canonical) = await _client.GetJsonAsync($"{NodesUrl}{Id(created)}/");
        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, $"{NodeAliasUrl}{Id(created)}/");

        Url(created).ShouldBe($"http://localhost{NodesUrl}{Id(created)}/", "url keeps the documented nodes/ form");
        listed.StatusCode.ShouldBe(HttpStatusCode.OK);
        list!["results"]!.AsArray().Select(r => Url(r!)).ShouldBe([Url(created)]);
        list["next"].ShouldBeNull();
        got.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(detail).ShouldBe(Text(created));
        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        patchedBody!["online"]!.GetValue<bool>().ShouldBeTrue();
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        Url(bulkBody![0]!).ShouldBe(Url(created));
        canonical!["online"]!.GetValue<bool>().ShouldBeTrue();
        canonical["local"]!.GetValue<bool>().ShouldBeTrue();
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxnode WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public async Task Brief_is_id_url_display_name_online()
    {
        var endpoint = await _pve.EndpointAsync();
        var node = await NodeAsync(endpoint, Http.Unique("brief"), new { online = true });

        var (_, detail) = await _client.GetJsonAsync($"{Url(node)}?brief=1");
        var (_, list) = await _client.GetJsonAsync($"{NodeAliasUrl}?brief=true&endpoint={Id(endpoint)}");

        detail!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name", "online"]);
        detail["online"]!.GetValue<bool>().ShouldBeTrue();
        Text(list!["results"]![0]).ShouldBe(Text(detail));
    }

    [Fact]
    public async Task The_proxmox_node_json_shape_is_pinned()
    {
        var endpoint = await _pve.CreateAsync(EndpointsUrl, new { name = "snap-node-pve", domain = "proxmox.example.com" });
        var cluster = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = "snap-node-cluster" });
        var device = await _pve.DeviceAsync("snap-pve-node-01");
        var node = await NodeAsync(endpoint, "snap-pve-node-01", new
        {
            proxmox_cluster = Id(cluster), netbox_device = Id(device), node_id = 1, ip_address = "10.0.0.10", online = true, cpu_usage = 12.5, max_cpu = 32,
            memory_usage = 17179869184, max_memory = 68719476736, ssl_fingerprint = "AB:CD:EF", custom_fields = new { rack = "r1" },
        });
        var bare = await NodeAsync(endpoint, "snap-pve-node-02", new { ip_address = "2001:db8::2" });

        var contract = await Approvals.ContractAsync(_client, node, new { endpoint = Id(endpoint), name = "bad-ip-node", ip_address = "not-an-ip", max_cpu = -1 });
        contract["bare"] = bare.DeepClone();
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
