using System.CommandLine;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Options;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Hosting;

/// <summary>The verbs of the same binary: <c>migrate</c>, <c>healthcheck</c>, <c>create-user</c>, <c>create-token</c>.</summary>
public static class Cli
{
    private static readonly string[] Verbs = ["migrate", "healthcheck", "create-user", "create-token", "rotate-secret-key", "--help", "-h", "-?"];

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

        var username = new Argument<string>("username") { Description = "The user's name." };
        var password = new Option<string?>("--password") { Description = "A password (for token provisioning); without one the user authenticates with tokens only." };
        var superuser = new Option<bool>("--superuser") { Description = "Make the user a superuser (every permission)." };
        var createUser = new Command("create-user", "Create a user.") { username, password, superuser };
        createUser.SetAction((parse, ct) => WithDatabaseAsync(parse.UnmatchedTokens.ToArray(), ct, async (db, _, token) =>
        {
            var name = parse.GetValue(username)!;
            var secret = parse.GetValue(password);
            await using var conn = await db.DataSource.OpenConnectionAsync(token);
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "INSERT INTO users_user (username, password, is_superuser, is_staff) VALUES (@name, @hash, @super, @super) ON CONFLICT (username) DO NOTHING RETURNING id",
                new { name, hash = secret is null ? Passwords.Unusable : Passwords.Hash(secret), super = parse.GetValue(superuser) }, cancellationToken: token));
            if (id is null)
            {
                await Console.Error.WriteLineAsync($"A user named {name} already exists.");
                return 1;
            }

            Console.WriteLine($"Created user {name} (id {id}).");
            return 0;
        }));
        createUser.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(createUser);

        var owner = new Argument<string>("username") { Description = "Whose token it is." };
        var readOnly = new Option<bool>("--read-only") { Description = "The token may only read (GET, HEAD, OPTIONS)." };
        var description = new Option<string>("--description") { Description = "What the token is for.", DefaultValueFactory = _ => "" };
        var version = new Option<int>("--version") { Description = "1 for a v1 token, 2 (default) for nbt_<key>.<secret>.", DefaultValueFactory = _ => 2 };
        var createToken = new Command("create-token", "Create an API token and print it (only it, so scripts can capture it).") { owner, readOnly, description, version };
        createToken.SetAction((parse, ct) => WithDatabaseAsync(parse.UnmatchedTokens.ToArray(), ct, async (db, secret, token) =>
        {
            var name = parse.GetValue(owner)!;
            await using var conn = await db.DataSource.OpenConnectionAsync(token);
            var userId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM users_user WHERE username = @name", new { name }, cancellationToken: token));
            if (userId is null)
            {
                await Console.Error.WriteLineAsync($"No user named {name}; create it first with `create-user {name}`.");
                return 1;
            }

            var spec = new TokenSpec(parse.GetValue(version) == 1 ? 1 : 2, Description: parse.GetValue(description)!, WriteEnabled: !parse.GetValue(readOnly));
            var issued = await TokenIssuer.IssueAsync(conn, null, secret, userId.Value, spec, token);
            Console.WriteLine(issued.HeaderValue);
            return 0;
        }));
        createToken.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(createToken);

        var newKey = new Option<string?>("--new-key") { Description = "The new key (base64 of 32 bytes); generated when omitted." };
        var rotate = new Command("rotate-secret-key", "Re-seal every stored endpoint secret under a new server key, in one transaction.") { newKey };
        rotate.SetAction((parse, ct) => WithDatabaseAsync(parse.UnmatchedTokens.ToArray(), ct, async (db, current, token) =>
        {
            var next = ServerSecret.Parse(parse.GetValue(newKey) ?? ServerSecret.Generate());
            var nextText = Convert.ToBase64String(next.Master);
            var count = await SecretRotation.RotateAsync(db.DataSource, current, next, token);
            var options = new ConfigurationBuilder().AddCommandLine(parse.UnmatchedTokens.ToArray()).AddEnvironmentVariables().Build()
                .GetSection(ProxboxOptions.Section).Get<ProxboxOptions>() ?? new ProxboxOptions();
            if (string.IsNullOrWhiteSpace(options.SecretKey))
            {
                // The embedded default keeps its key in the data folder; the old one stays to verify older tokens.
                var dir = options.FullDataDir;
                await File.AppendAllTextAsync(Path.Combine(dir, ServerSecret.RetiredFileName), Convert.ToBase64String(current.Master) + "\n", token);
                EmbeddedPostgres.OwnerOnly(Path.Combine(dir, ServerSecret.RetiredFileName), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                await File.WriteAllTextAsync(Path.Combine(dir, ServerSecret.FileName), nextText + "\n", token);
                Console.WriteLine($"Re-sealed {count} secret(s) under key {next.KeyId}; {Path.Combine(dir, ServerSecret.FileName)} holds the new key.");
            }
            else
            {
                Console.WriteLine($"Re-sealed {count} secret(s) under key {next.KeyId}. Configure every replica with:");
                Console.WriteLine($"  Proxbox__SecretKey={nextText}");
                Console.WriteLine($"  Proxbox__RetiredSecretKeys__0={options.SecretKey}   (keeps tokens issued before the rotation valid)");
            }

            return 0;
        }));
        rotate.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(rotate);

        return await root.Parse(args).InvokeAsync();
    }

    private static Task<int> MigrateAsync(string[] args, CancellationToken ct) =>
        WithDatabaseAsync(args, ct, async (db, _, token) =>
        {
            var report = await MigrationRunner.ApplyAsync(db.ConnectionString, MigrationCatalog.Service, NullLoggerFactory.Instance, token);
            Console.WriteLine(report.Applied.Count == 0
                ? $"Database schema is up to date (version {report.LatestVersion})."
                : $"Applied {string.Join(", ", report.Applied)}; schema at version {report.LatestVersion}.");
            return 0;
        }, migrate: false);

    /// <summary>
    /// Runs a verb against the service's database (the configured one, else the embedded default, started for the
    /// verb and stopped after it), with the schema migrated first unless the verb is the migration itself.
    /// </summary>
    private static async Task<int> WithDatabaseAsync(string[] args, CancellationToken ct,
        Func<VerbDatabase, ServerSecret, CancellationToken, Task<int>> verb, bool migrate = true)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var options = builder.Configuration.GetSection(ProxboxOptions.Section).Get<ProxboxOptions>() ?? new ProxboxOptions();
        var connectionString = builder.Configuration.GetConnectionString("Proxbox");
        EmbeddedPostgres? embedded = null;
        try
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                embedded = await EmbeddedPostgres.StartAsync(options.FullDataDir, durable: true, ct, options.PostgresBinDir);
                connectionString = embedded.ConnectionString();
            }

            if (migrate)
            {
                await MigrationRunner.ApplyAsync(connectionString, MigrationCatalog.Service, NullLoggerFactory.Instance, ct);
            }

            await using var dataSource = DatabaseServices.Create(connectionString, options.StatementTimeoutSeconds);
            return await verb(new VerbDatabase(dataSource, connectionString), ServerSecret.Load(options, embedded is not null), ct);
        }
        catch (SecretKeyException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return ProxboxProgram.StartupFailed;
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

    /// <summary>The database a verb works on: its pool, and the connection string the migrations open their own session with.</summary>
    private sealed record VerbDatabase(Npgsql.NpgsqlDataSource DataSource, string ConnectionString);
}
