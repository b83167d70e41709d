namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>A parsed body value, or the NetBox/DRF message explaining why it is not one.</summary>
public readonly record struct Parsed(object? Value, string? Error)
{
    public static Parsed Ok(object? value) => new(value, null);
    public static Parsed Fail(string error) => new(null, error);
}
