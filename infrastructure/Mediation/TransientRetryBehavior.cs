using MediatR;
using Npgsql;
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
/// <remarks>
/// A plain loop: every request passes through here, and a resilience library's pipeline (its context, its callbacks,
/// its layers of tasks) cost a small GET several percent of its time for a retry that almost never happens.
/// </remarks>
public sealed class TransientRetryBehavior<TRequest, TResponse>(ILogger<TransientRetryBehavior<TRequest, TResponse>> log)
    : IPipelineBehavior<TRequest, TResponse>
{
    private const int ReadRetries = 2;
    private static readonly TimeSpan ReadDelay = TimeSpan.FromMilliseconds(100);

    private const int WriteRetries = 1;
    private static readonly TimeSpan WriteDelay = TimeSpan.FromMilliseconds(20);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var read = request is IReadRequest;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await next();
            }
            catch (NpgsqlException error) when (read && error.IsTransient && attempt < ReadRetries)
            {
                await Task.Delay(ReadDelay * (1 << attempt), cancellationToken); // 100 ms, then 200 ms
            }
            catch (PostgresException error) when (!read && DatabaseErrors.IsRolledBackConflict(error) && attempt < WriteRetries)
            {
                log.LogWarning("Retrying {Request:l} once: {Reason}", typeof(TRequest).Name, error.Message);
                // Jitter, so the two sides of a deadlock do not meet again at the same moment.
                await Task.Delay(WriteDelay * (0.5 + Random.Shared.NextDouble()), cancellationToken);
            }
        }
    }
}
