using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Virtualization.VirtualMachines;

/// <summary>How other objects show a virtual machine: the plugin's backups, snapshots, task history and replications point here.</summary>
public sealed record NestedVirtualMachine(long Id, string Url, string Display, string Name)
{
    public static NestedVirtualMachine? Of(long? id, string? name, ApiUrls urls) =>
        id is long key ? new NestedVirtualMachine(key, VirtualMachineResource.Identity.Url(urls, key), name!, name!) : null;

    public static ReferenceTarget Target { get; } = VirtualMachineResource.Identity.Target("name");
}
