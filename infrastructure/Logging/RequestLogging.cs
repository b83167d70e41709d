using Serilog;
using Serilog.Events;

namespace Proxbox.Api.Infrastructure.Logging;

/// <summary>
/// One line per request (Serilog's request logging): method, path, status, elapsed milliseconds and the request id.
/// Server errors are logged as errors; everything else as information.
/// </summary>
public static class RequestLogging
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app) => app.UseSerilogRequestLogging(options =>
    {
        options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
        options.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} responded {StatusCode} in {Elapsed:0.0} ms";
        options.GetLevel = (context, _, error) =>
            error is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error : LogEventLevel.Information;
        options.EnrichDiagnosticContext = (diagnostics, context) => diagnostics.Set("RequestId", context.TraceIdentifier);
        // A path is the client's text: control characters in it (a decoded %0A) are escaped, so it cannot start a
        // forged line in a text log.
        options.GetMessageTemplateProperties = (context, path, elapsed, status) =>
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RequestPath", new ScalarValue(Printable(path))),
            new LogEventProperty("StatusCode", new ScalarValue(status)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ];
    });

    private static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString())) : text;
}
