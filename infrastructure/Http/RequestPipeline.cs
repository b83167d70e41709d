using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// The outermost middleware: request id, <c>API-Version</c>, one log line per request, and the NetBox-shaped body
/// for every error that reaches it (unknown routes, wrong methods, unhandled exceptions, an unreachable database).
/// Nothing from an exception (message, SQL, stack) is ever written to the response.
/// </summary>
public sealed class RequestPipeline(RequestDelegate next, ILogger<RequestPipeline> log)
{
    public const string ApiVersion = "4.5";
    private const string RequestIdHeader = "X-Request-ID";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestId(context);
        context.TraceIdentifier = requestId;
        var isApi = context.Request.Path.StartsWithSegments("/api");
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = requestId;
            if (isApi)
            {
                context.Response.Headers["API-Version"] = ApiVersion;
            }

            return Task.CompletedTask;
        });

        using var scope = log.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId });
        try
        {
            await next(context);
            await WriteEmptyErrorBodyAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception error)
        {
            await WriteExceptionAsync(context, error);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            log.LogInformation("HTTP {Method:l} {Path:l} responded {Status} in {Elapsed:0.0} ms",
                context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, elapsed);
        }
    }

    private static string RequestId(HttpContext context)
    {
        var given = context.Request.Headers[RequestIdHeader].ToString();
        // Echo a caller's id only when it is harmless to put in a header and a log line.
        return given.Length is > 0 and <= 128 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? given
            : Guid.NewGuid().ToString();
    }

    /// <summary>Routing answers an unknown path with a bare 404 and a wrong method with a bare 405; give them bodies.</summary>
    private static async Task WriteEmptyErrorBodyAsync(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted || response.ContentType is not null || response.ContentLength is > 0)
        {
            return;
        }

        switch (response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                await ApiErrors.WriteDetailAsync(context, StatusCodes.Status404NotFound, "Not found.");
                break;
            case StatusCodes.Status405MethodNotAllowed:
                var allow = response.Headers.Allow.ToString();
                await ApiErrors.WriteDetailAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method \"{context.Request.Method}\" not allowed.");
                if (allow.Length > 0)
                {
                    response.Headers.Allow = allow;
                }

                break;
        }
    }

    private async Task WriteExceptionAsync(HttpContext context, Exception error)
    {
        var (status, detail) = error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request body too large."),
            BadHttpRequestException bad => (bad.StatusCode, "Malformed request."),
            _ when IsDatabaseUnavailable(error) => (StatusCodes.Status503ServiceUnavailable, "Database unavailable."),
            _ => (StatusCodes.Status500InternalServerError, "A server error occurred."),
        };

        if (status == StatusCodes.Status500InternalServerError)
        {
            log.LogError(error, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path.Value);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            log.LogWarning("Database unavailable: {Reason}", error.GetBaseException().Message);
        }

        if (context.Response.HasStarted)
        {
            context.Abort(); // a half-written body must not look like a complete one
            return;
        }

        await ApiErrors.WriteDetailAsync(context, status, detail);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }
    }

    /// <summary>Connection failures and timeouts, as opposed to errors in a statement.</summary>
    public static bool IsDatabaseUnavailable(Exception error) => error switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                                || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300", // shutdown, starting, too many connections
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or TimeoutException,
        TimeoutException => true,
        _ => error.InnerException is not null && IsDatabaseUnavailable(error.InnerException),
    };
}

public static class RequestBodyLimits
{
    /// <summary>Applies the configured body limit to every request (Kestrel's own limit does not reach the test server).</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use((context, next) =>
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        if (context.Request.ContentLength > maxBytes)
        {
            return ApiErrors.WriteDetailAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.");
        }

        return next(context);
    });
}
