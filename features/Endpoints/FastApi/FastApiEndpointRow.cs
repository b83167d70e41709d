namespace Proxbox.Api.Features.Endpoints.FastApi;

public sealed record FastApiEndpointRow : EndpointRow
{
    public bool VerifySsl { get; init; }
    public bool TokenConfigured { get; init; }
    public bool UseWebsocket { get; init; }
    public string? WebsocketDomain { get; init; }
    public int? WebsocketPort { get; init; }
    public bool ServerSideWebsocket { get; init; }
}
