namespace Proxbox.Api.Features.Endpoints.Proxmox;

public sealed record ProxmoxEndpointRow : EndpointRow
{
    public string Mode { get; init; } = "";
    public string? Version { get; init; }
    public string? Repoid { get; init; }
    public string Username { get; init; } = "";
    public string TokenName { get; init; } = "";
    public bool VerifySsl { get; init; }
    public bool PasswordConfigured { get; init; }
    public bool TokenValueConfigured { get; init; }
}
