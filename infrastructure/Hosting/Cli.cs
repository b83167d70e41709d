using System.CommandLine;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Infrastructure.Hosting;

/// <summary>The verbs of the same binary: <c>migrate</c>, <c>healthcheck</c>.</summary>
public static class Cli
{
    private static readonly string[] Verbs = ["migrate", "healthcheck", "--help", "-h", "-?"];

    public static bool IsVerb(string arg) => Verbs.Contains(arg);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Proxbox.Api: the Proxbox NetBox plugin's REST API on PostgreSQL. Without a verb, runs the web service.");

        var migrate = new Command("migrate", "Apply pending database migrations and exit (uses ConnectionStrings__Proxbox, else the embedded default).");
        migrate.SetAction((parse, ct) => MigrateAsync(parse.UnmatchedTokens.ToArray(), ct));
        migrate.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(migrate);

        var url = new Option<string>("--url")
        {
            Description = "The readiness URL to probe.",
            DefaultValueFactory = _ => $"http://127.0.0.1:{Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split(',', ';')[0] ?? "8080"}/health/ready",
        };
        var healthcheck = new Command("healthcheck", "Exit 0 when the service answers ready (for a container HEALTHCHECK without curl).") { url };
        healthcheck.SetAction((parse, ct) => HealthcheckAsync(parse.GetValue(url)!, ct));
        root.Subcommands.Add(healthcheck);

        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> MigrateAsync(string[] args, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var options = builder.Configuration.GetSection(ProxboxOptions.Section).Get<ProxboxOptions>() ?? new ProxboxOptions();
        var connectionString = builder.Configuration.GetConnectionString("Proxbox");
        EmbeddedPostgres? embedded = null;
        try
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                embedded = await EmbeddedPostgres.StartAsync(options.FullDataDir, durable: true, ct);
                connectionString = embedded.ConnectionString();
            }

            await using var dataSource = Database.Database.Create(connectionString);
            var report = await MigrationRunner.ApplyAsync(dataSource, Migration.Embedded, ct);
            Console.WriteLine(report.Applied.Count == 0
                ? $"Database schema is up to date (version {report.LatestVersion})."
                : $"Applied {string.Join(", ", report.Applied.Select(m => $"{m.Version:D4}_{m.Name}"))}; schema at version {report.LatestVersion}.");
            return 0;
        }
        catch (PostgresUnavailableException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return ProxboxProgram.NoDatabase;
        }
        catch (MigrationException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return ProxboxProgram.BadSchema;
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.StopAsync();
            }
        }
    }

    private static async Task<int> HealthcheckAsync(string url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url, ct);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
        catch (TaskCanceledException)
        {
            return 1;
        }
    }
}
