using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>PostgreSQL errors that say something about the transaction rather than about the request's data.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// A deadlock or a serialization failure: the server has already rolled the whole transaction back, so running
    /// it again cannot apply anything twice.
    /// </summary>
    public static bool IsRolledBackConflict(PostgresException error) =>
        error.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
