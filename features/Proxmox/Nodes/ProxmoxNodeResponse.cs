using System.Text.Json.Serialization;
using Proxbox.Api.Features.Dcim.Devices;
using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Proxmox.Clusters;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Proxmox.Nodes;

/// <summary>
/// <c>cpu_usage_percent</c> repeats <c>cpu_usage</c> as stored (upstream does not scale it); <c>memory_usage_percent</c>
/// is computed.
/// </summary>
public sealed record ProxmoxNodeResponse : NetBoxObject
{
    public NestedProxmoxEndpoint? Endpoint { get; init; }
    public NestedProxmoxCluster? ProxmoxCluster { get; init; }
    public NestedDevice? NetboxDevice { get; init; }
    public string Name { get; init; } = "";
    public int? NodeId { get; init; }
    public string IpAddress { get; init; } = "";
    public bool Online { get; init; }
    public bool Local { get; init; }
    [JsonConverter(typeof(FloatJsonConverter))]
    public double? CpuUsage { get; init; }
    [JsonConverter(typeof(FloatJsonConverter))]
    public double? CpuUsagePercent { get; init; }
    public int? MaxCpu { get; init; }
    public long? MemoryUsage { get; init; }
    [JsonConverter(typeof(FloatJsonConverter))]
    public double? MemoryUsagePercent { get; init; }
    public long? MaxMemory { get; init; }
    public string SslFingerprint { get; init; } = "";
    public string SupportLevel { get; init; } = "";
}
