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
        _ => null,
    };
}
