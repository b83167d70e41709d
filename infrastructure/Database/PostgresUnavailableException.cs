namespace Proxbox.Api.Infrastructure.Database;

/// <summary>Raised when no connection string is configured and no PostgreSQL server binaries can be found.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
