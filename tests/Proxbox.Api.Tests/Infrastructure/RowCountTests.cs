using System.Net;
using Dapper;

namespace Proxbox.Api.Tests.Infrastructure;

/// <summary>An unfiltered list's count comes from a counter the database keeps: it must equal count(*) after any write.</summary>
public sealed class RowCountTests(RowCountTests.Factory api) : IClassFixture<RowCountTests.Factory>
{
    /// <summary>A service of its own, so no other test writes to the tables counted here.</summary>
    public sealed class Factory : ApiFactory;

    private const string Clusters = "/api/virtualization/clusters/";
    private readonly HttpClient _client = api.CreateClient();

    private async Task CountsAgreeAsync(string path, string table)
    {
        var (response, body) = await _client.GetJsonAsync(path + "?limit=1");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var exact = await api.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        body!["count"]!.GetValue<long>().ShouldBe(exact);
        (await api.ScalarAsync<long>("SELECT rows FROM row_counts WHERE table_name = @table", new { table })).ShouldBe(exact);
    }

    [Fact]
    public async Task Creates_bulk_creates_deletes_cascades_and_a_rolled_back_write_keep_the_count_exact()
    {
        await CountsAgreeAsync(Clusters, "virtualization_cluster");

        await _client.PostJsonAsync(Clusters, new { name = Http.Unique("count") });
        await CountsAgreeAsync(Clusters, "virtualization_cluster");

        var (_, bulk) = await _client.PostJsonAsync(Clusters, Enumerable.Range(0, 25).Select(_ => new { name = Http.Unique("bulk") }).ToArray());
        await CountsAgreeAsync(Clusters, "virtualization_cluster");

        // A bulk write that fails as a whole changes no count.
        var (refused, _) = await _client.PostJsonAsync(Clusters, new object[] { new { name = Http.Unique("ok") }, new { name = "" } });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await CountsAgreeAsync(Clusters, "virtualization_cluster");

        // A VM goes with nothing, but deleting clusters leaves VMs (SET NULL) and removes storage (CASCADE).
        var cluster = bulk!.AsArray()[0]!["id"]!.GetValue<long>();
        await _client.PostJsonAsync("/api/virtualization/virtual-machines/", new { name = Http.Unique("vm"), cluster });
        await _client.PostJsonAsync("/api/plugins/proxbox/storage/", new { cluster, name = "local" });
        await _client.SendAsync(HttpMethod.Delete, Clusters, bulk.AsArray().Take(10).Select(c => new { id = c!["id"]!.GetValue<long>() }).ToArray());
        await CountsAgreeAsync(Clusters, "virtualization_cluster");
        await CountsAgreeAsync("/api/virtualization/virtual-machines/", "virtualization_virtualmachine");
        await CountsAgreeAsync("/api/plugins/proxbox/storage/", "netbox_proxbox_proxmoxstorage");
    }

    [Fact]
    public async Task A_filtered_list_counts_what_it_filters()
    {
        var prefix = Http.Unique("filtered");
        await _client.PostJsonAsync(Clusters, Enumerable.Range(0, 3).Select(i => new { name = $"{prefix}-{i}" }).ToArray());

        var (_, body) = await _client.GetJsonAsync($"{Clusters}?name__isw={prefix}");

        body!["count"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public async Task Every_resource_table_is_counted()
    {
        await using var conn = api.OpenDatabase();
        var counted = (await conn.QueryAsync<string>("SELECT table_name FROM row_counts")).ToHashSet();

        foreach (var resource in Proxbox.Api.Infrastructure.Resources.ResourceRegistry.Declarations)
        {
            counted.ShouldContain(resource.Identity.Table);
        }
    }
}
