using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Proxbox.Api.Infrastructure.Logging;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog from the <c>Serilog</c> configuration section: one JSON object per line when stdout is not a terminal
    /// (containers, CI), readable text when it is. <paramref name="extraSink"/> lets tests read what was logged.
    /// </summary>
    public static Logger CreateLogger(IConfiguration configuration, ILogEventSink? extraSink = null)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.WithMachineName();

        logger = Console.IsOutputRedirected
            ? logger.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");

        if (extraSink is not null)
        {
            logger = logger.WriteTo.Sink(extraSink);
        }

        return logger.CreateLogger();
    }
}
