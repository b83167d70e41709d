using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Infrastructure.Hosting;

/// <summary>The entry point: a CLI verb when the first argument names one, otherwise the web service.</summary>
public static class ProxboxProgram
{
    /// <summary>Exit code for "nothing to run on": no database configured and no PostgreSQL to start.</summary>
    public const int NoDatabase = 2;

    /// <summary>Exit code for a schema the service refuses to run against (an edited migration).</summary>
    public const int BadSchema = 3;

    /// <summary>Exit code for an embedded PostgreSQL that died and could not be started again.</summary>
    public const int DatabaseLost = 4;

    /// <summary>Exit code for any other start-up failure (database unreachable, PostgreSQL would not start, …).</summary>
    public const int StartupFailed = 1;

    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Length > 0 && Cli.IsVerb(args[0]))
        {
            return await Cli.RunAsync(args);
        }

        try
        {
            await ProxboxApp.Build(args).RunAsync();
            // 0 after a normal stop; a service that stopped the host for a fatal reason set its own code.
            return Environment.ExitCode;
        }
        catch (PostgresUnavailableException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return NoDatabase;
        }
        catch (MigrationException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return BadSchema;
        }
        catch (Security.SecretKeyException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return StartupFailed;
        }
        catch (Exception error) when (error is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or Npgsql.NpgsqlException)
        {
            // The host has logged the details; the console gets the one line an operator acts on.
            await Console.Error.WriteLineAsync($"Start-up failed: {error.Message}");
            return StartupFailed;
        }
    }
}
