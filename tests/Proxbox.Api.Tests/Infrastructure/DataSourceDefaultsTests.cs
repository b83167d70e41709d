using Npgsql;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Tests.Infrastructure;

public sealed class DataSourceDefaultsTests
{
    [Fact]
    public void What_the_connection_string_leaves_open_gets_the_services_defaults()
    {
        var settings = new NpgsqlConnectionStringBuilder("Host=db;Username=proxbox");

        DataSourceDefaults.Apply(settings, statementTimeoutSeconds: 30);

        settings.MaxAutoPrepare.ShouldBe(256);
        settings.AutoPrepareMinUsages.ShouldBe(2);
        settings.NoResetOnClose.ShouldBeTrue();
        settings.Timeout.ShouldBe(5);
        settings.Options.ShouldBe("-c jit=off -c statement_timeout=30000");
        settings.ApplicationName.ShouldBe("proxbox-api");
    }

    [Fact]
    public void What_the_operator_wrote_is_kept_even_when_it_equals_npgsqls_own_default()
    {
        var settings = new NpgsqlConnectionStringBuilder("Host=db;Max Auto Prepare=0;Timeout=15;No Reset On Close=false;Options=-c search_path=x;Application Name=mine");

        DataSourceDefaults.Apply(settings, statementTimeoutSeconds: 30);

        settings.MaxAutoPrepare.ShouldBe(0);
        settings.Timeout.ShouldBe(15);
        settings.NoResetOnClose.ShouldBeFalse();
        settings.Options.ShouldBe("-c search_path=x");
        settings.ApplicationName.ShouldBe("mine");
    }

    [Fact]
    public async Task The_running_service_prepares_statements_and_bounds_them_with_the_statement_timeout()
    {
        await using var api = new ApiFactory();
        await api.InitializeAsync();
        var dataSource = (NpgsqlDataSource)api.Services.GetService(typeof(NpgsqlDataSource))!;

        await using var conn = await dataSource.OpenConnectionAsync();
        await using var show = new NpgsqlCommand("SHOW statement_timeout", conn);

        ((string)(await show.ExecuteScalarAsync())!).ShouldBe("30s");
        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare.ShouldBe(256);
    }
}
