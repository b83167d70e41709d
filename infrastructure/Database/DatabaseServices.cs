using Microsoft.Extensions.Options;
using Npgsql;
using Proxbox.Api.Infrastructure.Options;

namespace Proxbox.Api.Infrastructure.Database;

public static class DatabaseServices
{
    /// <summary>
    /// The one <see cref="NpgsqlDataSource"/> of the process, built on first use from the database chosen at start-up
    /// (<see cref="DatabaseTarget"/>) with this service's defaults where the connection string leaves them open.
    /// </summary>
    public static IServiceCollection AddProxboxDatabase(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseTarget>();
        services.AddNpgsqlDataSource("Host=unset", (provider, builder) =>
        {
            builder.ConnectionStringBuilder.ConnectionString = provider.GetRequiredService<DatabaseTarget>().ConnectionString;
            DataSourceDefaults.Apply(builder.ConnectionStringBuilder, provider.GetRequiredService<IOptions<ProxboxOptions>>().Value.StatementTimeoutSeconds);
        });
        services.AddHostedService<DatabaseStartup>();
        return services;
    }

    /// <summary>A data source for a command-line verb, outside the web host, with the same defaults.</summary>
    public static NpgsqlDataSource Create(string connectionString, int statementTimeoutSeconds)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        DataSourceDefaults.Apply(builder.ConnectionStringBuilder, statementTimeoutSeconds);
        return builder.Build();
    }
}
