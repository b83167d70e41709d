namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>NetBox's page envelope, keys in DRF's order.</summary>
public sealed record Page(long? Count, string? Next, string? Previous, IReadOnlyList<object> Results);
