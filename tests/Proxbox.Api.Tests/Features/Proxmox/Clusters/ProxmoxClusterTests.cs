using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using static Proxbox.Api.Tests.Features.Proxmox.ProxmoxApi;

namespace Proxbox.Api.Tests.Features.Proxmox.Clusters;

[Collection(ApiCollection.Name)]
public sealed class ProxmoxClusterTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();
    private readonly ProxmoxApi _pve = new(api.CreateClient());

    private Task<string[]> NamesAsync(string query) => _pve.NamesAsync($"{ClustersUrl}?{query}");

    [Fact]
    public async Task The_documented_list_answers_every_cluster_in_a_netbox_page()
    {
        var endpoint = await _pve.EndpointAsync();
        var created = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("pve-cluster") });

        var (response, body) = await _client.GetJsonAsync(ClustersUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!.AsObject().Select(p => p.Key).ShouldBe(["count", "next", "previous", "results"]);
        body["count"]!.GetValue<long>().ShouldBe(await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster"));
        var (_, all) = await _client.GetJsonAsync($"{ClustersUrl}?limit=0");
        all!["results"]!.AsArray().Select(r => Id(r!)).ShouldContain(Id(created));
    }

    [Fact]
    public async Task The_documented_mode_filter_keeps_cluster_mode_only()
    {
        var endpoint = await _pve.EndpointAsync();
        var prefix = Http.Unique("mode");
        await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = $"{prefix}-clustered", mode = "cluster" });
        await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = $"{prefix}-alone", mode = "standalone" });
        await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = $"{prefix}-unknown", mode = "undefined" });

        var (response, body) = await _client.GetJsonAsync($"{ClustersUrl}?mode=cluster");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["count"]!.GetValue<long>().ShouldBe(await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE mode = 'cluster'"));
        body["results"]!.AsArray().ShouldAllBe(r => r!["mode"]!["value"]!.GetValue<string>() == "cluster");
        (await NamesAsync($"name__isw={prefix}&mode=cluster")).ShouldBe([$"{prefix}-clustered"]);
        (await NamesAsync($"name__isw={prefix}&mode=standalone")).ShouldBe([$"{prefix}-alone"]);
        (await NamesAsync($"name__isw={prefix}&mode__n=cluster")).ShouldBe([$"{prefix}-alone", $"{prefix}-unknown"]);
        var (bad, errors) = await _client.GetJsonAsync($"{ClustersUrl}?mode=bogus");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.ToJsonString().ShouldBe("""{"mode":["Select a valid choice. bogus is not one of the available choices."]}""");
    }

    [Fact]
    public async Task The_documented_patch_links_a_netbox_cluster_and_null_unlinks_it()
    {
        var endpoint = await _pve.EndpointAsync();
        var netbox = await _pve.NetBoxClusterAsync(description: "the prod cluster");
        var cluster = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("pve-cluster"), cluster_id = "abc123", nodes_count = 3 });

        var (response, body) = await _client.SendAsync(HttpMethod.Patch, Url(cluster), $$"""{"netbox_cluster": {{Id(netbox)}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["netbox_cluster"]!.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = Id(netbox), ["url"] = $"http://localhost{NetBoxClustersUrl}{Id(netbox)}/", ["display"] = Name(netbox), ["name"] = Name(netbox),
            ["description"] = "the prod cluster",
        }.ToJsonString());
        body["cluster_id"]!.GetValue<string>().ShouldBe("abc123", "a PATCH leaves what it does not mention");
        body["nodes_count"]!.GetValue<int>().ShouldBe(3);
        (await api.ScalarAsync<long>("SELECT netbox_cluster_id FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(cluster) })).ShouldBe(Id(netbox));

        var (unlinked, unlinkedBody) = await _client.SendAsync(HttpMethod.Patch, Url(cluster), """{"netbox_cluster": null}""");
        unlinked.StatusCode.ShouldBe(HttpStatusCode.OK);
        unlinkedBody!["netbox_cluster"].ShouldBeNull();
        (await api.ScalarAsync<bool>("SELECT netbox_cluster_id IS NULL FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(cluster) })).ShouldBeTrue();
    }

    [Fact]
    public async Task Create_takes_upstreams_defaults_and_stores_them()
    {
        var endpoint = await _pve.EndpointAsync();
        var name = Http.Unique("pve-cluster");

        var (response, body) = await _client.PostJsonAsync(ClustersUrl, new { endpoint = Id(endpoint), name = $"  {name} " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        body.ShouldNotBeNull();
        response.Headers.Location!.ToString().ShouldBe(Url(body));
        Url(body).ShouldBe($"http://localhost{ClustersUrl}{Id(body)}/");
        body["display"]!.GetValue<string>().ShouldBe(name);
        body["name"]!.GetValue<string>().ShouldBe(name, "strings are trimmed");
        body["netbox_cluster"].ShouldBeNull();
        body["cluster_id"]!.GetValue<string>().ShouldBe("");
        body["mode"]!.ToJsonString().ShouldBe("""{"value":"cluster","label":"Cluster"}""");
        body["nodes_count"]!.GetValue<int>().ShouldBe(0);
        body["node_count"]!.GetValue<int>().ShouldBe(0);
        body["quorate"]!.GetValue<bool>().ShouldBeFalse();
        body["version"].ShouldBeNull();
        body["tags"]!.AsArray().ShouldBeEmpty();
        body["custom_fields"]!.AsObject().ShouldBeEmpty();
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long EndpointId, long? NetboxClusterId, string Name, string ClusterId, string Mode, int NodesCount, bool Quorate, int? Version)>(
                "SELECT endpoint_id, netbox_cluster_id, name, cluster_id, mode, nodes_count, quorate, version FROM netbox_proxbox_proxmoxcluster WHERE id = @id",
                new { id = Id(body) }))
            .ShouldBe((Id(endpoint), null, name, "", "cluster", 0, false, null));
    }

    [Fact]
    public async Task Every_field_is_written_and_read_back_and_node_count_mirrors_nodes_count()
    {
        var endpoint = await _pve.EndpointAsync();
        var netbox = await _pve.NetBoxClusterAsync();

        var cluster = await _pve.ClusterAsync(new
        {
            endpoint = Id(endpoint), netbox_cluster = Id(netbox), name = Http.Unique("full"), cluster_id = "abc123", mode = new { value = "standalone" },
            nodes_count = 7, node_count = 99, quorate = "true", version = 12,
        });

        cluster["cluster_id"]!.GetValue<string>().ShouldBe("abc123");
        cluster["mode"]!.ToJsonString().ShouldBe("""{"value":"standalone","label":"Standalone"}""");
        cluster["nodes_count"]!.GetValue<int>().ShouldBe(7);
        cluster["node_count"]!.GetValue<int>().ShouldBe(7, "node_count is read-only: what a body says is ignored");
        cluster["quorate"]!.GetValue<bool>().ShouldBeTrue();
        cluster["version"]!.GetValue<int>().ShouldBe(12);
        var (_, patched) = await _client.SendAsync(HttpMethod.Patch, Url(cluster), new { nodes_count = 2, version = (int?)null });
        patched!["node_count"]!.GetValue<int>().ShouldBe(2);
        patched["version"].ShouldBeNull();
        (await api.ScalarAsync<int>("SELECT nodes_count FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(cluster) })).ShouldBe(2);
    }

    [Fact]
    public async Task Required_fields_lengths_ranges_and_choices_answer_netbox_messages()
    {
        var endpoint = await _pve.EndpointAsync();

        var (empty, emptyBody) = await _client.PostJsonAsync(ClustersUrl, new { });
        var (bad, badBody) = await _client.PostJsonAsync(ClustersUrl, new
        {
            endpoint = Id(endpoint), name = new string('n', 256), cluster_id = new string('c', 256), mode = "bogus", nodes_count = -1, quorate = "perhaps",
            version = 2147483648L,
        });
        var (blank, blankBody) = await _client.PostJsonAsync(ClustersUrl, new { endpoint = Id(endpoint), name = "  " });
        var (nulls, nullBody) = await _client.PostJsonAsync(ClustersUrl, """{"endpoint": null, "name": null, "cluster_id": null, "mode": null, "nodes_count": null, "quorate": null}""");
        var (big, bigBody) = await _client.PostJsonAsync(ClustersUrl, new { endpoint = Id(endpoint), name = Http.Unique("big"), nodes_count = 2147483648L, version = "x" });
        var (longest, _) = await _client.PostJsonAsync(ClustersUrl, new { endpoint = Id(endpoint), name = new string('n', 255), cluster_id = new string('c', 255), nodes_count = 2147483647 });

        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        emptyBody!.ToJsonString().ShouldBe("""{"endpoint":["This field is required."],"name":["This field is required."]}""");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badBody!["name"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        badBody["cluster_id"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        badBody["mode"]![0]!.GetValue<string>().ShouldBe("\"bogus\" is not a valid choice.");
        badBody["nodes_count"]![0]!.GetValue<string>().ShouldBe("Ensure this value is greater than or equal to 0.");
        badBody["quorate"]![0]!.GetValue<string>().ShouldBe("Must be a valid boolean.");
        badBody["version"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 2147483647.");
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        blankBody!.ToJsonString().ShouldBe("""{"name":["This field may not be blank."]}""");
        nulls.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "endpoint", "name", "cluster_id", "mode", "nodes_count", "quorate" })
        {
            nullBody![field]![0]!.GetValue<string>().ShouldBe("This field may not be null.", field);
        }

        big.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bigBody!["nodes_count"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 2147483647.");
        bigBody["version"]![0]!.GetValue<string>().ShouldBe("A valid integer is required.");
        longest.StatusCode.ShouldBe(HttpStatusCode.Created, "255 characters and the largest integer fit");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE endpoint_id = @id", new { id = Id(endpoint) })).ShouldBe(1);
    }

    [Fact]
    public async Task The_name_is_unique_per_endpoint_on_create_rename_and_within_one_bulk_post()
    {
        var endpoint = await _pve.EndpointAsync();
        var other = await _pve.EndpointAsync();
        var name = Http.Unique("dup");
        await _pve.ClusterAsync(new { endpoint = Id(endpoint), name });
        var second = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("dup") });
        var elsewhere = await _pve.ClusterAsync(new { endpoint = Id(other), name });

        var (create, createBody) = await _client.PostJsonAsync(ClustersUrl, new { endpoint = Id(endpoint), name });
        var (rename, renameBody) = await _client.SendAsync(HttpMethod.Patch, Url(second), new { name });
        var (move, moveBody) = await _client.SendAsync(HttpMethod.Patch, Url(elsewhere), new { endpoint = Id(endpoint) });
        var twin = Http.Unique("twin");
        var (bulk, bulkBody) = await _client.PostJsonAsync(ClustersUrl, new object[] { new { endpoint = Id(other), name = twin }, new { endpoint = Id(other), name = twin } });
        var (put, _) = await _client.SendAsync(HttpMethod.Put, Url(second), new { endpoint = Id(endpoint), name = Name(second), mode = "cluster" });

        const string Message = """{"__all__":["Proxmox cluster with this Proxmox endpoint and Cluster name already exists."]}""";
        create.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        createBody!.ToJsonString().ShouldBe(Message);
        rename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        renameBody!.ToJsonString().ShouldBe(Message);
        move.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        moveBody!.ToJsonString().ShouldBe(Message);
        bulk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bulkBody!.ToJsonString().ShouldBe($"[{{}},{Message}]");
        put.StatusCode.ShouldBe(HttpStatusCode.OK, "an object keeping its own name is no conflict");
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE name = @name", new { name })).ShouldBe(2);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE name = @twin", new { twin })).ShouldBe(0);
        (await conn.ExecuteScalarAsync<string>("SELECT name FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(second) })).ShouldBe(Name(second));
        (await conn.ExecuteScalarAsync<long>("SELECT endpoint_id FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(elsewhere) })).ShouldBe(Id(other));
    }

    [Fact]
    public async Task Filters_by_endpoint_and_netbox_cluster_under_both_spellings_with_null_and_negation()
    {
        var one = await _pve.EndpointAsync(Http.Unique("aa-pve"));
        var two = await _pve.EndpointAsync(Http.Unique("zz-pve"));
        var netbox = await _pve.NetBoxClusterAsync();
        var prefix = Http.Unique("fk");
        await _pve.ClusterAsync(new { endpoint = Id(one), name = $"{prefix}-a", netbox_cluster = Id(netbox) });
        await _pve.ClusterAsync(new { endpoint = Id(one), name = $"{prefix}-b" });
        await _pve.ClusterAsync(new { endpoint = Id(two), name = $"{prefix}-c" });

        (await NamesAsync($"name__isw={prefix}&endpoint={Id(one)}")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await NamesAsync($"name__isw={prefix}&endpoint_id={Id(one)}")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await NamesAsync($"name__isw={prefix}&endpoint__n={Id(one)}")).ShouldBe([$"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&endpoint_id__n={Id(one)}")).ShouldBe([$"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&endpoint={Id(one)}&endpoint={Id(two)}&ordering=name")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&netbox_cluster={Id(netbox)}")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&netbox_cluster_id={Id(netbox)}")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&netbox_cluster=null")).ShouldBe([$"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&netbox_cluster_id=null")).ShouldBe([$"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&netbox_cluster__n=null")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&netbox_cluster__n={Id(netbox)}")).ShouldBe([$"{prefix}-b", $"{prefix}-c"]);
        var (bad, errors) = await _client.GetJsonAsync($"{ClustersUrl}?endpoint_id=prod");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(errors).ShouldBe("""{"endpoint_id":["“prod” is not a valid value."]}""");
    }

    [Fact]
    public async Task Name_lookups_booleans_and_q_over_name_and_cluster_id()
    {
        var endpoint = await _pve.EndpointAsync();
        var prefix = Http.Unique("lk");
        await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = $"{prefix}-Alpha", cluster_id = "corosync-XYZ", quorate = true });
        await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = $"{prefix}-beta", cluster_id = "other", quorate = false });

        (await NamesAsync($"endpoint={Id(endpoint)}&name={prefix}-Alpha")).ShouldBe([$"{prefix}-Alpha"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&name={prefix}-alpha")).ShouldBeEmpty("exact is case-sensitive");
        (await NamesAsync($"endpoint={Id(endpoint)}&name__ie={prefix}-ALPHA")).ShouldBe([$"{prefix}-Alpha"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&name__ic=BET")).ShouldBe([$"{prefix}-beta"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&name__nic=bet")).ShouldBe([$"{prefix}-Alpha"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&name__iew=ETA")).ShouldBe([$"{prefix}-beta"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&name__regex=A.pha$")).ShouldBe([$"{prefix}-Alpha"]);
        (await NamesAsync($"endpoint={Id(endpoint)}&name__n={prefix}-beta")).ShouldBe([$"{prefix}-Alpha"]);
        foreach (var yes in new[] { "true", "True", "1", "TRUE" })
        {
            (await NamesAsync($"endpoint={Id(endpoint)}&quorate={yes}")).ShouldBe([$"{prefix}-Alpha"], yes);
        }

        foreach (var no in new[] { "false", "False", "0" })
        {
            (await NamesAsync($"endpoint={Id(endpoint)}&quorate={no}")).ShouldBe([$"{prefix}-beta"], no);
        }

        (await NamesAsync($"endpoint={Id(endpoint)}&q=xyz")).ShouldBe([$"{prefix}-Alpha"], "q searches cluster_id");
        (await NamesAsync($"endpoint={Id(endpoint)}&q={prefix}-BETA")).ShouldBe([$"{prefix}-beta"], "q searches the name, case-insensitively");
        (await NamesAsync($"endpoint={Id(endpoint)}&q=%20")).ShouldBe([$"{prefix}-Alpha", $"{prefix}-beta"], "a blank q filters nothing");
        (await NamesAsync($"endpoint={Id(endpoint)}&q=nowhere")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Default_ordering_is_endpoint_name_then_name_and_ordering_takes_fields()
    {
        var zed = await _pve.EndpointAsync(Http.Unique("zz-pve"));
        var abe = await _pve.EndpointAsync(Http.Unique("aa-pve"));
        var prefix = Http.Unique("ord");
        await _pve.ClusterAsync(new { endpoint = Id(zed), name = $"{prefix}-a", nodes_count = 1, cluster_id = "z" });
        await _pve.ClusterAsync(new { endpoint = Id(abe), name = $"{prefix}-c", nodes_count = 3, cluster_id = "x" });
        await _pve.ClusterAsync(new { endpoint = Id(abe), name = $"{prefix}-b", nodes_count = 2, cluster_id = "y" });

        (await NamesAsync($"name__isw={prefix}")).ShouldBe([$"{prefix}-b", $"{prefix}-c", $"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&ordering=name")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&ordering=-nodes_count")).ShouldBe([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&ordering=-endpoint,name")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&ordering=nonsense")).ShouldBe([$"{prefix}-b", $"{prefix}-c", $"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&ordering=cluster_id")).ShouldBe([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"]);
    }

    [Fact]
    public async Task Deleting_the_endpoint_deletes_its_clusters_and_deleting_the_netbox_cluster_unlinks_them()
    {
        var endpoint = await _pve.EndpointAsync();
        var netbox = await _pve.NetBoxClusterAsync();
        var doomed = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("doomed") });
        var survivor = await _pve.ClusterAsync(new { endpoint = Id(await _pve.EndpointAsync()), name = Http.Unique("kept"), netbox_cluster = Id(netbox) });

        (await _client.SendAsync(HttpMethod.Delete, Url(endpoint))).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, Url(netbox))).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var (gone, goneBody) = await _client.GetJsonAsync(Url(doomed));
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        goneBody!.ToJsonString().ShouldBe("""{"detail":"No ProxmoxCluster matches the given query."}""");
        var (_, kept) = await _client.GetJsonAsync(Url(survivor));
        kept!["netbox_cluster"].ShouldBeNull();
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(doomed) })).ShouldBe(0);
        (await conn.ExecuteScalarAsync<bool>("SELECT netbox_cluster_id IS NULL FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(survivor) })).ShouldBeTrue();
    }

    [Fact]
    public async Task The_endpoint_and_netbox_cluster_are_linked_by_every_reference_form()
    {
        var endpoint = await _pve.EndpointAsync();
        var netbox = await _pve.NetBoxClusterAsync();
        var echoed = (await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("echo"), netbox_cluster = Id(netbox) }))!;
        object[] endpointForms = [Id(endpoint), Id(endpoint).ToString(), new { id = Id(endpoint) }, echoed["endpoint"]!, new { name = Name(endpoint) }];
        object[] clusterForms = [Id(netbox), Id(netbox).ToString(), new { id = Id(netbox) }, echoed["netbox_cluster"]!, new { name = Name(netbox) }];

        for (var i = 0; i < endpointForms.Length; i++)
        {
            var cluster = await _pve.ClusterAsync(new { endpoint = endpointForms[i], netbox_cluster = clusterForms[i], name = Http.Unique("ref") });
            Id(cluster["endpoint"]!).ShouldBe(Id(endpoint), endpointForms[i].ToString());
            Id(cluster["netbox_cluster"]!).ShouldBe(Id(netbox), clusterForms[i].ToString());
            (await api.ScalarAsync<long>("SELECT netbox_cluster_id FROM netbox_proxbox_proxmoxcluster WHERE id = @id", new { id = Id(cluster) })).ShouldBe(Id(netbox));
        }
    }

    [Fact]
    public async Task A_reference_that_matches_nothing_or_several_objects_is_a_field_error()
    {
        var shared = Http.Unique("twin-pve");
        await _pve.EndpointAsync(shared, "one.example.com");
        await _pve.EndpointAsync(shared, "two.example.com");
        var name = Http.Unique("bad");

        async Task<string> Refused(string body)
        {
            var (response, errors) = await _client.PostJsonAsync(ClustersUrl, body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            return Text(errors);
        }

        (await Refused($$"""{"name": "{{name}}", "endpoint": 987654321}"""))
            .ShouldBe("""{"endpoint":["Related object not found using the provided numeric ID: 987654321"]}""");
        (await Refused($$"""{"name": "{{name}}", "endpoint": "987654321"}"""))
            .ShouldBe("""{"endpoint":["Related object not found using the provided numeric ID: 987654321"]}""");
        (await Refused($$$"""{"name": "{{{name}}}", "endpoint": {"name": "no-such-endpoint"}}"""))
            .ShouldBe("""{"endpoint":["Related object not found using the provided attributes: {'name': 'no-such-endpoint'}"]}""");
        (await Refused($$$"""{"name": "{{{name}}}", "endpoint": {"name": "{{{shared}}}"}}"""))
            .ShouldBe($$"""{"endpoint":["Multiple objects match the provided attributes: {'name': '{{shared}}'}"]}""");
        (await Refused($$"""{"name": "{{name}}", "endpoint": {"name": "{{shared}}", "domain": "two.example.com"}, "netbox_cluster": 987654321}"""))
            .ShouldBe("""{"netbox_cluster":["Related object not found using the provided numeric ID: 987654321"]}""");
        (await Refused($$"""{"name": "{{name}}", "endpoint": "pve01"}"""))
            .ShouldBe("""{"endpoint":["Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: pve01"]}""");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public async Task The_nested_endpoint_shows_its_ip_else_its_domain_else_its_name()
    {
        var address = $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
        var ip = await _pve.CreateAsync("/api/ipam/ip-addresses/", new { address = address + "/24" });
        var name = Http.Unique("pve");
        var withIp = await _pve.CreateAsync(EndpointsUrl, new { name, ip_address = Id(ip), domain = "pve.example.com" });
        var withDomain = await _pve.EndpointAsync(name, "pve-domain.example.com");
        var unnamed = await _pve.CreateAsync(EndpointsUrl, new { name = "", domain = "unnamed.example.com" });

        var byIp = await _pve.ClusterAsync(new { endpoint = Id(withIp), name = "c" });
        var byDomain = await _pve.ClusterAsync(new { endpoint = Id(withDomain), name = "c" });
        var byNothing = await _pve.ClusterAsync(new { endpoint = Id(unnamed), name = "c" });

        Text(byIp["endpoint"]).ShouldBe(Text(new JsonObject
        {
            ["id"] = Id(withIp), ["url"] = $"http://localhost{EndpointsUrl}{Id(withIp)}/", ["display"] = $"{name} ({address})", ["name"] = name,
        }));
        byDomain["endpoint"]!["display"]!.GetValue<string>().ShouldBe($"{name} (pve-domain.example.com)");
        byNothing["endpoint"]!["display"]!.GetValue<string>().ShouldBe("unnamed.example.com");
        byIp["endpoint"]!["display"]!.GetValue<string>().ShouldBe(withIp["display"]!.GetValue<string>(), "nested as on the endpoint itself");
    }

    [Fact]
    public async Task The_proxmox_clusters_alias_lists_gets_creates_patches_and_deletes_the_same_objects()
    {
        var endpoint = await _pve.EndpointAsync();
        var name = Http.Unique("alias");

        var created = await _pve.CreateAsync(ClusterAliasUrl, new { endpoint = Id(endpoint), name });
        var (listed, list) = await _client.GetJsonAsync($"{ClusterAliasUrl}?endpoint_id={Id(endpoint)}");
        var (got, detail) = await _client.GetJsonAsync($"{ClusterAliasUrl}{Id(created)}/");
        var (patched, patchedBody) = await _client.SendAsync(HttpMethod.Patch, $"{ClusterAliasUrl}{Id(created)}/", new { quorate = true });
        var (_, canonical) = await _client.GetJsonAsync($"{ClustersUrl}{Id(created)}/");
        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, $"{ClusterAliasUrl}{Id(created)}/");

        Url(created).ShouldBe($"http://localhost{ClustersUrl}{Id(created)}/", "url keeps the documented clusters/ form");
        listed.StatusCode.ShouldBe(HttpStatusCode.OK);
        list!["results"]!.AsArray().Select(r => Url(r!)).ShouldBe([Url(created)]);
        got.StatusCode.ShouldBe(HttpStatusCode.OK);
        detail!.ToJsonString().ShouldBe(created.ToJsonString());
        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        patchedBody!["quorate"]!.GetValue<bool>().ShouldBeTrue();
        canonical!["quorate"]!.GetValue<bool>().ShouldBeTrue();
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.GetJsonAsync(Url(created))).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public async Task Brief_is_id_url_display_name()
    {
        var endpoint = await _pve.EndpointAsync();
        var cluster = await _pve.ClusterAsync(new { endpoint = Id(endpoint), name = Http.Unique("brief") });

        var (_, detail) = await _client.GetJsonAsync($"{Url(cluster)}?brief=1");
        var (_, list) = await _client.GetJsonAsync($"{ClustersUrl}?brief=true&endpoint={Id(endpoint)}");

        detail!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name"]);
        list!["results"]![0]!.ToJsonString().ShouldBe(detail.ToJsonString());
    }

    [Fact]
    public async Task Bulk_create_update_and_delete_are_all_or_nothing()
    {
        var endpoint = await _pve.EndpointAsync();
        var prefix = Http.Unique("bulk");

        var (refused, errors) = await _client.PostJsonAsync(ClustersUrl, new object[] { new { endpoint = Id(endpoint), name = $"{prefix}-1" }, new { endpoint = Id(endpoint) } });
        var (created, body) = await _client.PostJsonAsync(ClustersUrl, new object[] { new { endpoint = Id(endpoint), name = $"{prefix}-2" }, new { endpoint = Id(endpoint), name = $"{prefix}-1" } });
        var ids = body!.AsArray().Select(c => Id(c!)).ToArray();
        var (updated, updatedBody) = await _client.SendAsync(HttpMethod.Patch, ClustersUrl, ids.Select(id => new { id, quorate = true }).ToArray());
        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, ClustersUrl, ids.Select(id => new { id }).ToArray());

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.ToJsonString().ShouldBe("""[{},{"name":["This field is required."]}]""");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        body.AsArray().Select(c => Name(c!)).ShouldBe([$"{prefix}-2", $"{prefix}-1"]);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        updatedBody!.AsArray().ShouldAllBe(c => c!["quorate"]!.GetValue<bool>());
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxcluster WHERE name LIKE @p", new { p = prefix + "%" })).ShouldBe(0);
    }

    [Fact]
    public async Task The_proxmox_cluster_json_shape_is_pinned()
    {
        var endpoint = await _pve.CreateAsync(EndpointsUrl, new { name = "snap-cluster-pve", domain = "proxmox.example.com" });
        var netbox = await _pve.NetBoxClusterAsync("snap-prod-cluster", "Production");
        var cluster = await _pve.ClusterAsync(new
        {
            endpoint = Id(endpoint), netbox_cluster = Id(netbox), name = "snap-pve-cluster", cluster_id = "abc123", mode = "cluster", nodes_count = 3, quorate = true,
            version = 7, custom_fields = new { owner = "ops" },
        });

        var contract = await Approvals.ContractAsync(_client, cluster, new { endpoint = Id(endpoint), name = "", mode = "bogus" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
