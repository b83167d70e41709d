using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Operations.Replications;

public sealed record ReplicationRow : NetBoxRow
{
    public long? EndpointId { get; init; }
    public string? EndpointName { get; init; }
    public string? EndpointDomain { get; init; }
    public string? EndpointIp { get; init; }
    public string ReplicationId { get; init; } = "";
    public long VirtualMachineId { get; init; }
    public string VirtualMachineName { get; init; } = "";
    public long? ProxmoxNodeId { get; init; }
    public string? ProxmoxNodeName { get; init; }
    public int? ProxmoxNodeNodeId { get; init; }
    public bool? ProxmoxNodeOnline { get; init; }
    public int Guest { get; init; }
    public string Target { get; init; } = "";
    public string JobType { get; init; } = "";
    public string Schedule { get; init; } = "";
    public double? Rate { get; init; }
    public string? Comment { get; init; }
    public bool Disable { get; init; }
    public string? Source { get; init; }
    public int Jobnum { get; init; }
    public string? RemoveJob { get; init; }
    public string Status { get; init; } = "";
    public string RawConfig { get; init; } = "{}";
}
