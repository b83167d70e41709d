using Npgsql;
using Proxbox.Bench.Floor;

// The floor serves the service's routes with nothing between Kestrel and the reader: no auth, no logging, no
// mediator, no mapping layer. Its connection string comes from FLOOR_DB; --urls picks the address as usual.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var settings = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("FLOOR_DB")
    ?? throw new InvalidOperationException("Set FLOOR_DB to the benchmark database's connection string."))
{
    ApplicationName = "proxbox-floor",
    MaxAutoPrepare = 64,
    NoResetOnClose = true,
};
await using var database = NpgsqlDataSource.Create(settings);

var app = builder.Build();

app.MapGet("/health/ready", async (HttpContext http) =>
{
    await using var conn = await database.OpenConnectionAsync(http.RequestAborted);
    await FloorJson.WriteAsync(http, new Status("ready"), FloorJson.Api.Status);
});

VirtualMachines.Map(app, database);
TaskHistory.Map(app, database);

await app.RunAsync();
