using Proxbox.Api.Infrastructure.Choices;

namespace Proxbox.Api.Features.Endpoints.Proxmox;

public sealed record ProxmoxEndpointResponse : EndpointResponse
{
    public ChoiceValue? Mode { get; init; }
    public string? Version { get; init; }
    public string? Repoid { get; init; }
    public string Username { get; init; } = "";
    public string TokenName { get; init; } = "";
    public bool PasswordConfigured { get; init; }
    public bool TokenValueConfigured { get; init; }
    public bool VerifySsl { get; init; }
}
