using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Proxbox.Api.Infrastructure.Logging;

/// <summary>
/// Serilog from the <c>Serilog</c> configuration section: one compact JSON object per line when stdout is not a
/// terminal (containers, CI), readable text when it is. Lines reach stdout in batches (see <see cref="BufferedConsoleSink"/>).
/// </summary>
public static class LoggingSetup
{
    /// <summary>
    /// Serilog for the host; the framework's own console provider goes, so every line is written once, by Serilog.
    /// Providers registered later (a test's log capture) still receive every event.
    /// </summary>
    public static void AddProxboxLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // The process-wide static logger is left alone: each host (tests run several) writes through its own.
        builder.Services.AddSerilog((_, logger) => Configure(logger, builder.Configuration), preserveStaticLogger: true, writeToProviders: true);
    }

    /// <summary>The same logger for a command-line verb, which runs without the web host.</summary>
    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration) => Configure(new LoggerConfiguration(), configuration).CreateLogger();

    private static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // ASP.NET Core's own request lines (replaced here by Serilog's one line per request): while its logger is
            // on at any level it opens a log scope and a tracing activity for every request, a tenth of a small GET's
            // allocations. A tracing listener (OpenTelemetry), when one is added, still gets its activities.
            .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LevelAlias.Off)
            .MinimumLevel.Override("Npgsql", LogEventLevel.Warning)
            // FluentMigrator narrates every statement it runs; the service logs one summary line instead.
            .MinimumLevel.Override("FluentMigrator", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();

        ITextFormatter format = Console.IsOutputRedirected
            ? new RenderedCompactJsonFormatter()
            : new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        return logger.WriteTo.Sink(new BufferedConsoleSink(format));
    }
}
