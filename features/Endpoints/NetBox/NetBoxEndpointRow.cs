namespace Proxbox.Api.Features.Endpoints.NetBox;

public sealed record NetBoxEndpointRow : EndpointRow
{
    public string TokenVersion { get; init; } = "";
    public long? TokenId { get; init; }
    public short? TokenKeyVersion { get; init; }
    public string? TokenPublicKey { get; init; }
    public string? TokenHint { get; init; }
    public string TokenKey { get; init; } = "";
    public bool TokenSecretConfigured { get; init; }
    public bool VerifySsl { get; init; }
}
