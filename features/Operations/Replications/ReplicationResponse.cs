using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Proxmox.Nodes;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Operations.Replications;

public sealed record ReplicationResponse : NetBoxObject
{
    public NestedProxmoxEndpoint? Endpoint { get; init; }
    public string ReplicationId { get; init; } = "";
    public NestedVirtualMachine? VirtualMachine { get; init; }
    public NestedProxmoxNode? ProxmoxNode { get; init; }
    public int Guest { get; init; }
    public string Target { get; init; } = "";
    public ChoiceValue? JobType { get; init; }
    public string Schedule { get; init; } = "";
    public double? Rate { get; init; }
    public string? Comment { get; init; }
    public bool Disable { get; init; }
    public string? Source { get; init; }
    public int Jobnum { get; init; }
    public ChoiceValue? RemoveJob { get; init; }
    public ChoiceValue? Status { get; init; }
    public RawJson RawConfig { get; init; } = RawJson.EmptyObject;
}
