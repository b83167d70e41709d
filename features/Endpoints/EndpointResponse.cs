using System.Text.Json.Serialization;
using Proxbox.Api.Features.Ipam.IpAddresses;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Endpoints;

/// <summary>The keys every endpoint shows right after <c>display</c>: <c>name, ip_address, domain, port</c>.</summary>
public abstract record EndpointResponse : NetBoxObject
{
    [JsonPropertyOrder(-9)]
    public string? Name { get; init; }

    [JsonPropertyOrder(-8)]
    public NestedIpAddress? IpAddress { get; init; }

    [JsonPropertyOrder(-7)]
    public string? Domain { get; init; }

    [JsonPropertyOrder(-6)]
    public int Port { get; init; }
}
