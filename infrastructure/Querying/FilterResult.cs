namespace Proxbox.Api.Infrastructure.Querying;

public readonly record struct FilterResult(string? Sql, string? Error)
{
    public static FilterResult Ok(string sql) => new(sql, null);
    public static FilterResult Fail(string error) => new(null, error);
}
