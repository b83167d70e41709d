using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.Ipam.IpAddresses;

namespace Proxbox.Api.Tests.Features.Ipam.IpAddresses;

[Collection(ApiCollection.Name)]
public sealed class IpAddressTests(ApiFactory api)
{
    private const string Ips = "/api/ipam/ip-addresses/";
    private readonly HttpClient _client = api.CreateClient();

    private static string RandomV4(int prefix = 24) => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}/{prefix}";

    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10/32", 4)]
    [InlineData("192.0.2.11/24", "192.0.2.11/24", 4)]
    [InlineData("2001:db8::7", "2001:db8::7/128", 6)]
    [InlineData("2001:db8::8/64", "2001:db8::8/64", 6)]
    public async Task Addresses_are_stored_with_a_prefix_length_and_a_family(string given, string stored, int family)
    {
        var (response, body) = await _client.PostJsonAsync(Ips, new { address = given, dns_name = Http.Unique("h") + ".example.com" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        body!["address"]!.GetValue<string>().ShouldBe(stored);
        body["display"]!.GetValue<string>().ShouldBe(stored);
        body["family"]!.ToJsonString().ShouldBe($$"""{"value":{{family}},"label":"IPv{{family}}"}""");
        (await api.ScalarAsync<string>("SELECT host(address) || '/' || masklen(address) FROM ipam_ipaddress WHERE id = @id", new { id = body["id"]!.GetValue<long>() })).ShouldBe(stored);
    }

    [Theory]
    [InlineData("999.1.1.1")]
    [InlineData("10.0.0.1/33")]
    [InlineData("not an ip")]
    [InlineData("2001:db8::1/129")]
    [InlineData("10.1")]
    [InlineData("1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.0.0.1/24/8")]
    [InlineData("fe80::1%eth0")]
    public async Task An_invalid_address_is_refused_and_nothing_is_stored(string address)
    {
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM ipam_ipaddress");

        var (response, body) = await _client.PostJsonAsync(Ips, new { address });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["address"]![0]!.GetValue<string>().ShouldBe("Enter a valid IPv4 or IPv6 address with optional mask.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM ipam_ipaddress")).ShouldBe(before);
    }

    [Fact]
    public async Task Filters_by_host_cidr_family_status_and_dns_name()
    {
        var dns = Http.Unique("flt");
        var v4 = RandomV4();
        await _client.PostJsonAsync(Ips, new { address = v4, dns_name = $"{dns}.a", status = "reserved" });
        await _client.PostJsonAsync(Ips, new { address = "2001:db8:ffff::" + Random.Shared.Next(1, 9999).ToString("x") + "/64", dns_name = $"{dns}.b" });

        async Task<string[]> Dns(string query) =>
            (await _client.GetJsonAsync($"{Ips}?dns_name__isw={dns}&{query}")).Body!["results"]!.AsArray().Select(r => r!["dns_name"]!.GetValue<string>()).ToArray();

        (await Dns($"address={v4.Split('/')[0]}")).ShouldBe([$"{dns}.a"]);
        (await Dns($"address={Uri.EscapeDataString(v4)}")).ShouldBe([$"{dns}.a"]);
        (await Dns("family=6")).ShouldBe([$"{dns}.b"]);
        (await Dns("status=reserved")).ShouldBe([$"{dns}.a"]);
        (await Dns("status__n=reserved")).ShouldBe([$"{dns}.b"]);
        (await _client.GetJsonAsync($"{Ips}?address=nonsense")).Response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Update_and_delete()
    {
        var (_, created) = await _client.PostJsonAsync(Ips, new { address = RandomV4() });
        var url = created!["url"]!.GetValue<string>();

        var (patched, body) = await _client.SendAsync(HttpMethod.Patch, url, new { status = "deprecated", description = "old" });
        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, url);

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["status"]!["value"]!.GetValue<string>().ShouldBe("deprecated");
        body["address"]!.GetValue<string>().ShouldBe(created["address"]!.GetValue<string>());
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.GetJsonAsync(url)).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>A /24 of 10.0.0.0/8 of its own, so tests sharing the database do not see each other's addresses.</summary>
    private static string RandomNet() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}";

    private async Task<JsonNode> IpAsync(object body)
    {
        var (response, created) = await _client.PostJsonAsync(Ips, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    private async Task<string[]> AddressesAsync(string query) =>
        (await _client.GetJsonAsync($"{Ips}?{query}")).Body!["results"]!.AsArray().Select(r => r!["address"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Create_answers_201_with_location_and_defaults_and_get_returns_the_same_object()
    {
        var address = RandomV4();
        var dns = Http.Unique("pve") + ".example.com";

        var (response, body) = await _client.PostJsonAsync(Ips, new { address = $" {address} ", dns_name = dns, comments = "mgmt" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = body!["id"]!.GetValue<long>();
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/ipam/ip-addresses/{id}/");
        body["status"]!.ToJsonString().ShouldBe("""{"value":"active","label":"Active"}""");
        await using var conn = api.OpenDatabase();
        var row = await conn.QuerySingleAsync<(string Address, string Status, string DnsName, string Comments)>(
            "SELECT host(address) || '/' || masklen(address), status, dns_name, comments FROM ipam_ipaddress WHERE id = @id", new { id });
        row.ShouldBe((address, "active", dns, "mgmt"));
        var (fetched, again) = await _client.GetJsonAsync(body["url"]!.GetValue<string>());
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        again!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Fact]
    public async Task A_missing_address_status_forms_and_dns_name_are_validated()
    {
        var dns = Http.Unique("v");

        var (missing, missingBody) = await _client.PostJsonAsync(Ips, new { dns_name = dns });
        var dict = await IpAsync(new { address = RandomV4(), status = new { value = "dhcp" } });
        var (bogus, bogusBody) = await _client.PostJsonAsync(Ips, new { address = RandomV4(), status = "bogus", dns_name = dns });
        var (badDns, badDnsBody) = await _client.PostJsonAsync(Ips, new { address = RandomV4(), dns_name = dns + " bad!" });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!.ToJsonString().ShouldBe("""{"address":["This field is required."]}""");
        dict["status"]!.ToJsonString().ShouldBe("""{"value":"dhcp","label":"DHCP"}""");
        bogus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bogusBody!.AsObject().Select(p => p.Key).ShouldBe(["status"]);
        bogusBody["status"]![0]!.GetValue<string>().ShouldBe("\"bogus\" is not a valid choice.");
        badDns.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badDnsBody!["dns_name"]![0]!.GetValue<string>().ShouldStartWith("Only alphanumeric characters");
        (await api.ScalarAsync<long>("SELECT count(*) FROM ipam_ipaddress WHERE dns_name LIKE @dns || '%'", new { dns })).ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing_with_the_invalid_address_named()
    {
        var net = RandomNet();
        var dns = Http.Unique("bulk");

        var (refused, errors) = await _client.PostJsonAsync(Ips, new object[] { new { address = $"{net}.1/24", dns_name = dns }, new { address = "300.1.1.1", dns_name = dns } });
        var (created, body) = await _client.PostJsonAsync(Ips, new object[] { new { address = $"{net}.1", dns_name = dns }, new { address = "2001:db8::a:1", dns_name = dns } });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.ToJsonString().ShouldBe("""[{},{"address":["Enter a valid IPv4 or IPv6 address with optional mask."]}]""");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        body!.AsArray().Select(a => a!["address"]!.GetValue<string>()).ShouldBe([$"{net}.1/32", "2001:db8::a:1/128"]);
        body.AsArray().Select(a => a!["family"]!["value"]!.GetValue<int>()).ShouldBe([4, 6]);
        (await api.ScalarAsync<long>("SELECT count(*) FROM ipam_ipaddress WHERE dns_name = @dns", new { dns })).ShouldBe(2);
    }

    [Fact]
    public async Task The_address_filter_matches_a_host_whatever_its_length_and_a_cidr_exactly()
    {
        var net = RandomNet();
        var dns = Http.Unique("host");
        await IpAsync(new { address = $"{net}.5/24", dns_name = dns });
        await IpAsync(new { address = $"{net}.5/32", dns_name = dns });
        await IpAsync(new { address = $"{net}.6/24", dns_name = dns });

        (await AddressesAsync($"dns_name={dns}&address={net}.5")).ShouldBe([$"{net}.5/24", $"{net}.5/32"]);
        (await AddressesAsync($"dns_name={dns}&address={Uri.EscapeDataString($"{net}.5/24")}")).ShouldBe([$"{net}.5/24"]);
        (await AddressesAsync($"dns_name={dns}&address={Uri.EscapeDataString($"{net}.5/25")}")).ShouldBeEmpty();
        (await AddressesAsync($"dns_name={dns}&address={net}.6&address={net}.5/32")).ShouldBe([$"{net}.6/24", $"{net}.5/32"], "inet order: the shorter prefix first within a common network");
        (await AddressesAsync($"dns_name={dns}&address__n={net}.5")).ShouldBe([$"{net}.6/24"]);
    }

    [Fact]
    public async Task Family_status_text_lookups_and_q_filters()
    {
        var net = RandomNet();
        var dns = Http.Unique("lk");
        await IpAsync(new { address = $"{net}.7/24", dns_name = dns + ".Core", description = "gateway" });
        await IpAsync(new { address = $"{net}.8/24", dns_name = dns + ".edge", status = "slaac" });
        await IpAsync(new { address = "2001:db8::" + Random.Shared.Next(1, 0xffff).ToString("x") + "/64", dns_name = dns + ".v6" });

        (await AddressesAsync($"dns_name__isw={dns}&family=4")).ShouldBe([$"{net}.7/24", $"{net}.8/24"]);
        (await AddressesAsync($"dns_name__isw={dns}&family=6")).Single().ShouldStartWith("2001:db8::");
        (await AddressesAsync($"dns_name__isw={dns}&dns_name__ic=CORE")).ShouldBe([$"{net}.7/24"]);
        (await AddressesAsync($"dns_name__isw={dns}&status=slaac")).ShouldBe([$"{net}.8/24"]);
        (await AddressesAsync($"dns_name__isw={dns}&description__empty=true&family=4")).ShouldBe([$"{net}.8/24"]);
        (await AddressesAsync($"dns_name__isw={dns}&q=GATEWAY")).ShouldBe([$"{net}.7/24"]);
        (await AddressesAsync($"q={Uri.EscapeDataString($"{net}.8/24")}")).ShouldBe([$"{net}.8/24"], "q searches the address as written, prefix length included");
        var (bad, error) = await _client.GetJsonAsync($"{Ips}?family=four");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        error!["family"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Default_ordering_is_inet_order_then_id()
    {
        var net = RandomNet();
        var dns = Http.Unique("ord");
        await IpAsync(new { address = $"{net}.10/24", dns_name = dns });
        await IpAsync(new { address = $"{net}.9/24", dns_name = dns });
        await IpAsync(new { address = $"{net}.100/24", dns_name = dns });

        (await AddressesAsync($"dns_name={dns}")).ShouldBe([$"{net}.9/24", $"{net}.10/24", $"{net}.100/24"], "9 < 10 < 100 as addresses, not as text");
        (await AddressesAsync($"dns_name={dns}&ordering=-address")).ShouldBe([$"{net}.100/24", $"{net}.10/24", $"{net}.9/24"]);
    }

    [Fact]
    public async Task Put_patch_bulk_patch_and_bulk_delete()
    {
        var net = RandomNet();
        var dns = Http.Unique("upd");
        var a = await IpAsync(new { address = $"{net}.20/24", dns_name = dns });
        var b = await IpAsync(new { address = $"{net}.21/24", dns_name = dns });
        long aId = a["id"]!.GetValue<long>(), bId = b["id"]!.GetValue<long>();

        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, a["url"]!.GetValue<string>(), new { address = $"{net}.22", status = "reserved", dns_name = dns });
        var (badPatch, badBody) = await _client.SendAsync(HttpMethod.Patch, b["url"]!.GetValue<string>(), new { address = "nope" });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, Ips, new object[] { new { id = aId, description = "a" }, new { id = bId, address = "2001:db8::21/64" } });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        putBody!["address"]!.GetValue<string>().ShouldBe($"{net}.22/32");
        putBody["status"]!["value"]!.GetValue<string>().ShouldBe("reserved");
        badPatch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badBody!["address"]![0]!.GetValue<string>().ShouldBe("Enter a valid IPv4 or IPv6 address with optional mask.");
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        bulkBody!.AsArray().Select(x => x!["family"]!["value"]!.GetValue<int>()).ShouldBe([4, 6]);
        await using (var conn = api.OpenDatabase())
        {
            (await conn.QueryAsync<(string Address, string Description)>(
                "SELECT host(address) || '/' || masklen(address), description FROM ipam_ipaddress WHERE dns_name = @dns ORDER BY id", new { dns }))
                .ShouldBe([($"{net}.22/32", "a"), ("2001:db8::21/64", "")]);
        }

        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, Ips, new object[] { new { id = aId }, new { id = bId } });

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM ipam_ipaddress WHERE dns_name = @dns", new { dns })).ShouldBe(0);
    }

    [Fact]
    public async Task Tags_are_written_by_id_or_name_and_cleared_and_custom_fields_merge_with_null_removing_a_key()
    {
        var green = Http.Unique("green");
        var greenId = (await _client.PostJsonAsync("/api/extras/tags/", new { name = green, slug = green })).Body!["id"]!.GetValue<long>();
        var ip = await IpAsync(new { address = RandomV4(), tags = new object[] { new { name = green } }, custom_fields = new { vlan = 10, owner = "net" } });
        var id = ip["id"]!.GetValue<long>();
        var url = ip["url"]!.GetValue<string>();

        var (_, patched) = await _client.SendAsync(HttpMethod.Patch, url, new { tags = new[] { greenId }, custom_fields = new { vlan = (int?)null } });
        var (_, byTag) = await _client.GetJsonAsync($"{Ips}?tag_id={greenId}");
        var (_, cleared) = await _client.SendAsync(HttpMethod.Patch, url, new { tags = Array.Empty<int>() });

        ip["tags"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ShouldBe([greenId]);
        patched!["tags"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ShouldBe([greenId]);
        patched["custom_fields"]!.ToJsonString().ShouldBe("""{"owner":"net"}""");
        byTag!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ShouldBe([id]);
        cleared!["tags"]!.AsArray().ShouldBeEmpty();
        (await api.ScalarAsync<long>("SELECT count(*) FROM ipam_ipaddress_tags WHERE object_id = @id", new { id })).ShouldBe(0);
        (await api.ScalarAsync<string>("SELECT custom_field_data::text FROM ipam_ipaddress WHERE id = @id", new { id })).ShouldBe("""{"owner": "net"}""");
    }

    [Theory]
    [InlineData("q", "10.1.2.3/24", "ipam_ipaddress_address_text_trgm")]
    [InlineData("family", "6", "ipam_ipaddress_family")]
    [InlineData("address", "10.1.2.3", "ipam_ipaddress_host")]
    [InlineData("description__ic", "gw", "ipam_ipaddress_description_trgm")]
    public async Task The_filters_sql_can_use_its_index(string parameter, string value, string index)
    {
        var plan = await QueryPlans.ExplainAsync(api, new IpAddressResource(), parameter, value);

        plan.ShouldContain(index);
    }

    [Fact]
    public async Task The_ip_address_json_shape_is_pinned()
    {
        var (_, created) = await _client.PostJsonAsync(Ips, new { address = "198.51.100.7/24", status = "active", dns_name = "pve1.example.com", description = "pinned" });

        var contract = await Approvals.ContractAsync(_client, created!, new { address = "not-an-ip" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
