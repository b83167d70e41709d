namespace Proxbox.Api.Infrastructure.Querying;

public static class Like
{
    /// <summary>A case-insensitive substring pattern for ILIKE with the metacharacters escaped.</summary>
    public static string Contains(string value) => "%" + FilterValues.Like(value) + "%";
}
