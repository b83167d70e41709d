using Npgsql;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// What a constraint said when a write reached the database anyway: a concurrent write slipped past the pre-checks.
/// The answer is NetBox's 400, never a 500 and never the database's own words.
/// </summary>
public static class WriteConflicts
{
    public static Outcome? Map(WriteModel model, PostgresException error) => error.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation when model.Unique.FirstOrDefault(r => r.Constraint == error.ConstraintName) is { } rule =>
            Outcome.Field(rule.ErrorKey, rule.Message),
        PostgresErrorCodes.UniqueViolation => Outcome.Field("__all__", "An object with these values already exists."),
        PostgresErrorCodes.ForeignKeyViolation => Outcome.Field("__all__", "A related object was deleted while this request was being processed."),
        PostgresErrorCodes.CheckViolation => Outcome.Field("__all__", "The values violate a database constraint."),
        // Limits the field checks do not know of (an index entry's size) and values PostgreSQL cannot hold: still the
        // client's data, so a 400 that names no internals rather than a 500.
        PostgresErrorCodes.ProgramLimitExceeded => Outcome.Field("__all__", "A value is too large to be stored."),
        _ when error.SqlState.StartsWith("22", StringComparison.Ordinal) => Outcome.Field("__all__", "A value could not be stored."),
        _ => null,
    };
}
