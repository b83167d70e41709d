using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Proxbox.Api.Infrastructure.Options;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>
/// On a first start (no users at all), creates the superuser <c>admin</c> and its token: <c>Proxbox:BootstrapToken</c>
/// when configured, else a new v2 token that is printed once and written to <c>&lt;DataDir&gt;/admin-token</c> (0600).
/// Replicas starting together are safe: only the one whose insert wins issues a token.
/// </summary>
public sealed class AdminBootstrap(IServiceProvider services, IOptions<ProxboxOptions> options, ILogger<AdminBootstrap> log)
    : IHostedService
{
    public const string Username = "admin";
    public const string TokenFile = "admin-token";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.BootstrapToken;
        TokenSpec spec = new();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var (parsed, error) = TokenIssuer.FromValue(configured);
            spec = parsed ?? throw new SecretKeyException($"Proxbox:BootstrapToken is not usable. {error}");
        }

        // Resolved now, not when constructed: the database is chosen by the hosted service that starts before this one.
        await using var conn = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('users_user') IS NOT NULL", cancellationToken: cancellationToken)))
        {
            log.LogWarning("The schema has no users table yet (Proxbox:MigrateOnStartup is off?): run `migrate`, then restart to create the admin user");
            return;
        }

        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM users_user)", cancellationToken: cancellationToken)))
        {
            return;
        }

        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var adminId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO users_user (username, is_superuser, is_staff) VALUES (@Username, true, true)
            ON CONFLICT (username) DO NOTHING RETURNING id
            """, new { Username }, tx, cancellationToken: cancellationToken));
        if (adminId is null)
        {
            return; // another instance bootstrapped at the same moment
        }

        var issued = await TokenIssuer.IssueAsync(conn, tx, services.GetRequiredService<ServerSecret>(), adminId.Value, spec, cancellationToken);
        await tx.CommitAsync(cancellationToken);

        if (!string.IsNullOrWhiteSpace(configured))
        {
            log.LogInformation("First start: created superuser {Username:l} with the configured Proxbox:BootstrapToken", Username);
            return;
        }

        var path = Path.Combine(options.Value.FullDataDir, TokenFile);
        Directory.CreateDirectory(options.Value.FullDataDir);
        await File.WriteAllTextAsync(path, issued.HeaderValue + "\n", cancellationToken);
        Database.EmbeddedPostgres.OwnerOnly(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // The one time this token is shown; it is stored only as a digest.
        log.LogWarning(
            "First start: created superuser {Username:l}. Its API token, shown only now and saved to {Path:l}: {Token:l} " +
            "(use it as `Authorization: Token <token>`; create more with `create-token`)", Username, path, issued.HeaderValue);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
