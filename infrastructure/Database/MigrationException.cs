namespace Proxbox.Api.Infrastructure.Database;

/// <summary>Raised when the database's migration journal disagrees with the migrations this build carries.</summary>
public sealed class MigrationException(string message) : Exception(message);
