using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

public sealed record IpAddressRow : NetBoxRow
{
    public string Address { get; init; } = "";
    public int Family { get; init; }
    public string Status { get; init; } = "";
    public string DnsName { get; init; } = "";
    public string Description { get; init; } = "";
    public string Comments { get; init; } = "";
}
