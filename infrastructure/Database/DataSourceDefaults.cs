using System.Data.Common;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// This service's connection settings, applied where the operator's connection string leaves them open. Npgsql's
/// builder answers <c>ContainsKey</c> with true for every keyword it knows, so what was actually given is read from
/// its normalised text instead.
/// </summary>
public static class DataSourceDefaults
{
    public static void Apply(NpgsqlConnectionStringBuilder settings, int statementTimeoutSeconds)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = settings.ConnectionString };
        bool Given(string keyword) => given.ContainsKey(keyword);

        settings.ApplicationName ??= "proxbox-api";

        // An unreachable database must become a quick 503, not a request that hangs for the default 15 s.
        if (!Given("Timeout"))
        {
            settings.Timeout = 5;
        }

        // Every statement here is a fixed text with parameters: preparing the ones that repeat saves their planning.
        if (!Given("Max Auto Prepare"))
        {
            settings.MaxAutoPrepare = 256;
            settings.AutoPrepareMinUsages = 2;
        }

        // No request leaves session state behind (no SET, no temp tables, no held advisory locks), so returning a
        // connection to the pool needs no reset round trip; prepared statements survive with it.
        if (!Given("No Reset On Close"))
        {
            settings.NoResetOnClose = true;
        }

        if (!Given("Options"))
        {
            // One bound for any single statement, enforced by the server so a runaway query frees its backend too.
            // No JIT: its threshold is a plan cost, and a bulk write's read-back (thousands of rows with their tags) or a
            // count over a large table passes it, paying tens of milliseconds of compilation for a query that runs once.
            settings.Options = statementTimeoutSeconds > 0 ? $"-c jit=off -c statement_timeout={statementTimeoutSeconds * 1000}" : "-c jit=off";
        }
    }
}
