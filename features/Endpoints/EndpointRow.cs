using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Endpoints;

/// <summary>What every endpoint row holds besides its kind's own columns (<see cref="EndpointBase.HostColumns"/>).</summary>
public abstract record EndpointRow : NetBoxRow
{
    public string? Name { get; init; }
    public long? IpAddressId { get; init; }
    public string? IpAddress { get; init; }
    public string? Domain { get; init; }
    public int Port { get; init; }
}
