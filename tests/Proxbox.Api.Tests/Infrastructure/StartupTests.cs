using System.Diagnostics;

namespace Proxbox.Api.Tests.Infrastructure;

/// <summary>The service binary itself, started as an operator would start it.</summary>
public sealed class StartupTests
{
    private static readonly string ServiceDll = Path.Combine(AppContext.BaseDirectory, "Proxbox.Api.dll");

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ConnectionStrings__Proxbox");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Without_postgresql_and_without_a_connection_string_it_exits_2_and_says_what_to_do()
    {
        var dir = Path.Combine(Path.GetTempPath(), "proxbox-nopg-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (exitCode, output) = await RunAsync($"--Proxbox:DataDir={dir}", "--Proxbox:PostgresBinDir=/nonexistent", "--urls=http://127.0.0.1:0");

            exitCode.ShouldBe(2);
            output.ShouldContain("apt-get install -y postgresql");
            output.ShouldContain("ConnectionStrings__Proxbox");
            output.ShouldNotContain("   at ");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task An_external_database_without_a_secret_key_is_refused_at_start()
    {
        var (exitCode, output) = await RunAsync("--ConnectionStrings:Proxbox=Host=127.0.0.1;Port=1;Username=x;Password=y", "--urls=http://127.0.0.1:0");

        exitCode.ShouldBe(1);
        output.ShouldContain("Proxbox__SecretKey");
    }
}
