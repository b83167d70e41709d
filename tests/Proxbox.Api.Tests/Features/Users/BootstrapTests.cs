using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Proxbox.Api.Tests.Features.Users;

/// <summary>A first start with no bootstrap token configured: the service makes one and hands it over once.</summary>
public sealed class GeneratedAdminFactory : ApiFactory
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "proxbox-bootstrap-" + Guid.NewGuid().ToString("N")[..8]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Proxbox:BootstrapToken", "");
        builder.UseSetting("Proxbox:DataDir", DataDir);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}

public sealed class BootstrapTests(GeneratedAdminFactory api) : IClassFixture<GeneratedAdminFactory>
{
    [Fact]
    public async Task The_first_start_creates_admin_with_a_v2_token_saved_privately_and_only_once()
    {
        var path = Path.Combine(api.DataDir, "admin-token");
        File.Exists(path).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var token = File.ReadAllText(path).Trim();
        token.ShouldMatch(@"^nbt_[A-Za-z0-9]{12}\.[A-Za-z0-9]{40}$");

        var (response, body) = await api.CreateClient($"Token {token}").GetJsonAsync("/api/users/users/?username=admin");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["results"]![0]!["is_superuser"]!.GetValue<bool>().ShouldBeTrue();
        (await api.ScalarAsync<long>("SELECT count(*) FROM users_token")).ShouldBe(1);
    }
}
