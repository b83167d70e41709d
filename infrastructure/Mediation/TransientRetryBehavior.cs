using MediatR;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Proxbox.Api.Infrastructure.Mediation;

/// <summary>
/// Retries reads that failed on a transient database error (a failover, a dropped pooled connection) a couple of
/// times with a short backoff. Writes are never retried here: a commit whose answer was lost may have happened.
/// </summary>
public sealed class TransientRetryBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(error => error.IsTransient),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        request is IReadRequest
            ? Retry.ExecuteAsync(static async (next, _) => await next(), next, cancellationToken).AsTask()
            : next();
}
