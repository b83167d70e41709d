using System.Diagnostics;
using MediatR;

namespace Proxbox.Api.Infrastructure.Mediation;

/// <summary>
/// Logs a request whose handler ran longer than a second, with the request's type: the database work behind a slow
/// answer is then named in the log, where the request line alone gives only the URL.
/// </summary>
public sealed class SlowRequestBehavior<TRequest, TResponse>(ILogger<SlowRequestBehavior<TRequest, TResponse>> log) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > Threshold)
        {
            log.LogWarning("Slow {Request:l}: {Elapsed:0} ms", typeof(TRequest).FullName?.Replace('+', '.'), elapsed.TotalMilliseconds);
        }

        return response;
    }
}
