using Npgsql;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// NetBox-shaped bodies for every error that reaches the pipeline without one: routing's bare 404 and 405, unhandled
/// exceptions, an unreachable database. Nothing from an exception (message, SQL, stack) is ever written to the response.
/// </summary>
public sealed class ErrorBodies(RequestDelegate next, ILogger<ErrorBodies> log)
{
    public const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            await WriteEmptyErrorBodyAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away and its query was cancelled; there is nobody to answer. The request log would
            // otherwise say 200 for a request that did nothing: record it as nginx's 499 (client closed request).
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ClientClosedRequest;
            }
        }
        catch (Exception error)
        {
            await WriteExceptionAsync(context, error);
        }
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
                await ApiErrors.WriteDetailAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method \"{context.Request.Method}\" not allowed.",
                    keepHeaders: ["Allow"]);
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
            PostgresException pg when Database.DatabaseErrors.IsRolledBackConflict(pg) =>
                (StatusCodes.Status503ServiceUnavailable, "Conflicting concurrent request; try again."),
            _ when IsStatementTimeout(error) => (StatusCodes.Status503ServiceUnavailable, "Database query timed out."),
            _ when IsDatabaseUnavailable(error) => (StatusCodes.Status503ServiceUnavailable, "Database unavailable."),
            _ => (StatusCodes.Status500InternalServerError, "A server error occurred."),
        };

        if (status == StatusCodes.Status500InternalServerError)
        {
            log.LogError(error, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path.Value);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            log.LogWarning("{Detail} {Method} {Path}: {Reason}", detail, context.Request.Method, context.Request.Path.Value, error.GetBaseException().Message);
        }

        if (context.Response.HasStarted)
        {
            context.Abort(); // a half-written body must not look like a complete one
            return;
        }

        await ApiErrors.WriteDetailAsync(context, status, detail,
            extraHeaders: status == StatusCodes.Status503ServiceUnavailable ? [("Retry-After", "5")] : []);
    }

    /// <summary>
    /// The server cancelled a statement that ran past <c>Proxbox:StatementTimeoutSeconds</c> (or an operator cancelled
    /// it). It is not the request's fault and a later try may well succeed (it usually waited on a lock or a busy
    /// server), so it is answered like an outage: a 503 the client retries, not a 500. A cancellation this process
    /// asked for arrives as an <see cref="OperationCanceledException"/> instead and never gets here as one.
    /// </summary>
    public static bool IsStatementTimeout(Exception error) => error switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.QueryCanceled,
        _ => error.InnerException is not null && IsStatementTimeout(error.InnerException),
    };

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
