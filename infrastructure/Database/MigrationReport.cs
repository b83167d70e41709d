namespace Proxbox.Api.Infrastructure.Database;

/// <summary>What a run of the migrations did: the names it applied now, and the schema version afterwards.</summary>
public sealed record MigrationReport(IReadOnlyList<string> Applied, long LatestVersion);
