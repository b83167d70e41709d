using System.Net;
using System.Text.Json.Nodes;

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

    [Fact]
    public async Task The_ip_address_json_shape_is_pinned()
    {
        var (_, created) = await _client.PostJsonAsync(Ips, new { address = "198.51.100.7/24", status = "active", dns_name = "pve1.example.com", description = "pinned" });
        var (_, brief) = await _client.GetJsonAsync(created!["url"]!.GetValue<string>() + "?brief=1");

        Snapshots.Normalize(new JsonObject { ["full"] = created.DeepClone(), ["brief"] = brief!.DeepClone() })
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
