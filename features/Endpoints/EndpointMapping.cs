using Mapster;
using Proxbox.Api.Features.Ipam.IpAddresses;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Endpoints;

/// <summary>How every endpoint kind maps its shared keys: its full display (with the host) and its nested IP address.</summary>
public static class EndpointMapping
{
    public static TypeAdapterSetter<TRow, TResponse> MapHost<TRow, TResponse>(this TypeAdapterSetter<TRow, TResponse> map)
        where TRow : EndpointRow
        where TResponse : EndpointResponse => map
        .Map(endpoint => endpoint.Display, row => EndpointBase.Display(row.Name, row.IpAddress, row.Domain))
        .Map(endpoint => endpoint.IpAddress, row => NestedIpAddress.Of(row.IpAddressId, row.IpAddress, ReadContext.Current.Urls));
}
