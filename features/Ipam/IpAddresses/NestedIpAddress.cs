using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

/// <summary>How other objects show an IP address (the plugin's endpoints): <c>family</c> is a plain integer here.</summary>
public sealed record NestedIpAddress(long Id, string Url, string Display, int Family, string Address)
{
    public static NestedIpAddress? Of(long? id, string? address, ApiUrls urls) =>
        id is long key ? new NestedIpAddress(key, IpAddressResource.Identity.Url(urls, key), address!, address!.Contains(':') ? 6 : 4, address) : null;

    public static ReferenceTarget Target { get; } = IpAddressResource.Identity.Target("address");
}
