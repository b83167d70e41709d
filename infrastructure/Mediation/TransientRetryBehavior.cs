using MediatR;
using Npgsql;
using Polly;
using Polly.Retry;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Infrastructure.Mediation;

/// <summary>
/// Retries reads that failed on a transient database error (a failover, a dropped pooled connection) a couple of
/// times with a short backoff. Writes are not retried on those: a commit whose answer was lost may have happened.
/// A write that lost a deadlock or a serialization conflict is retried once, though: PostgreSQL raises those
/// before commit and rolls the whole transaction back, and every write here is one transaction, so running it again
/// cannot apply anything twice. Rows are locked in id order, but a request that writes references still locks
/// their targets in its own order, so two writers over the same rows can meet in opposite orders.
/// </summary>
public sealed class TransientRetryBehavior<TRequest, TResponse>(ILogger<TransientRetryBehavior<TRequest, TResponse>> log)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly ResiliencePipeline ReadRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(error => error.IsTransient),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    private readonly ResiliencePipeline _writeRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<PostgresException>(DatabaseErrors.IsRolledBackConflict),
            MaxRetryAttempts = 1,
            // Jitter, so the two sides of a deadlock do not meet again at the same moment.
            Delay = TimeSpan.FromMilliseconds(20),
            UseJitter = true,
            OnRetry = retry =>
            {
                log.LogWarning("Retrying {Request:l} once: {Reason}", typeof(TRequest).Name, retry.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next) =>
        (request is IReadRequest ? ReadRetry : _writeRetry)
            .ExecuteAsync(static async (next, _) => await next(), next, cancellationToken).AsTask();
}
