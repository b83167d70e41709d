using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Proxmox.Nodes;

public sealed record ProxmoxNodeRow : NetBoxRow
{
    public long EndpointId { get; init; }
    public string? EndpointName { get; init; }
    public string? EndpointDomain { get; init; }
    public string? EndpointIp { get; init; }
    public long? ProxmoxClusterId { get; init; }
    public string? ProxmoxClusterName { get; init; }
    public long? NetboxDeviceId { get; init; }
    public string? NetboxDeviceName { get; init; }
    public string Name { get; init; } = "";
    public int? NodeId { get; init; }
    public string IpAddress { get; init; } = "";
    public bool Online { get; init; }
    public bool Local { get; init; }
    public double? CpuUsage { get; init; }
    public int? MaxCpu { get; init; }
    public long? MemoryUsage { get; init; }
    public long? MaxMemory { get; init; }
    public string SslFingerprint { get; init; } = "";
    public string SupportLevel { get; init; } = "";
}
