using System.Text.Json.Nodes;
using Npgsql;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Features.Health;

/// <summary>
/// Liveness (the process answers) and readiness (the database answers and every migration is applied), open
/// to probes without a token.
/// </summary>
public sealed class HealthModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapMethods("/health/live", [HttpMethods.Get, HttpMethods.Head], () =>
            new JsonBodyResult(new JsonObject { ["status"] = "alive" }, StatusCodes.Status200OK)).Produces<JsonObject>();

        app.MapMethods("/health/ready", [HttpMethods.Get, HttpMethods.Head], async (NpgsqlDataSource database, CancellationToken ct) =>
        {
            string? problem;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await using var conn = await database.OpenConnectionAsync(timeout.Token);
                problem = await MigrationRunner.IsUpToDateAsync(conn, MigrationCatalog.Service, timeout.Token) ? null : "Migrations are not applied.";
            }
            catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                problem = "Database unavailable.";
            }

            return problem is null
                ? new JsonBodyResult(new JsonObject { ["status"] = "ready" }, StatusCodes.Status200OK)
                : new JsonBodyResult(new JsonObject { ["status"] = "unavailable", ["detail"] = problem }, StatusCodes.Status503ServiceUnavailable);
        }).Produces<JsonObject>().Produces<JsonObject>(StatusCodes.Status503ServiceUnavailable);
    }
}
