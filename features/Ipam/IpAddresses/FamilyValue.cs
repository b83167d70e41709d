namespace Proxbox.Api.Features.Ipam.IpAddresses;

/// <summary>NetBox's <c>family</c> read-out: <c>{"value": 4, "label": "IPv4"}</c>.</summary>
public sealed record FamilyValue(int Value, string Label);
