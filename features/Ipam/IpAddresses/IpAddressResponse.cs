using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

public sealed record IpAddressResponse : NetBoxObject
{
    public FamilyValue Family { get; init; } = new(4, "IPv4");
    public string Address { get; init; } = "";
    public ChoiceValue? Status { get; init; }
    public string DnsName { get; init; } = "";
    public string Description { get; init; } = "";
    public string Comments { get; init; } = "";
}
