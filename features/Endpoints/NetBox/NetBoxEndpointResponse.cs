namespace Proxbox.Api.Features.Endpoints.NetBox;

/// <summary><c>token_version</c> reads as the bare value, as upstream's plain DRF choice field renders it.</summary>
public sealed record NetBoxEndpointResponse : EndpointResponse
{
    public string TokenVersion { get; init; } = "";
    public NestedToken? Token { get; init; }
    public string TokenKey { get; init; } = "";
    public bool TokenSecretConfigured { get; init; }
    public bool VerifySsl { get; init; }
}
