using System.Reflection;
using System.Text.Json.Nodes;
using Npgsql;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Features.Root;

/// <summary><c>GET /api/status/</c> in NetBox's shape (pynetbox's <c>nb.status()</c>), plus this service's own facts.</summary>
public sealed class StatusModule : ICarterModule
{
    public const string NetBoxVersion = "4.5.0";
    public const string PluginVersion = "0.0.11";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMethods("/api/status/", [HttpMethods.Get, HttpMethods.Head], async (NpgsqlDataSource database, DatabaseTarget target, CancellationToken ct) =>
        {
            await using var conn = await database.OpenConnectionAsync(ct);
            var schema = await MigrationRunner.SchemaVersionAsync(conn, ct);
            var body = new JsonObject
            {
                ["hostname"] = Environment.MachineName,
                ["installed_apps"] = new JsonObject(),
                ["netbox-version"] = NetBoxVersion,
                ["netbox-full-version"] = NetBoxVersion,
                ["plugins"] = new JsonObject { ["netbox_proxbox"] = PluginVersion },
                ["proxbox-api-version"] = typeof(StatusModule).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0],
                ["database"] = new JsonObject
                {
                    ["server-version"] = conn.PostgreSqlVersion.ToString(),
                    ["schema-version"] = schema,
                    ["embedded"] = target.IsEmbedded,
                },
                ["rq-workers-running"] = 0,
            };
            return new JsonBodyResult(body, StatusCodes.Status200OK);
        }).Produces<JsonObject>();
}
