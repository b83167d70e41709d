using Proxbox.Api.Features.Virtualization.VirtualMachines;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>One guest's backups on the storage, each list newest first: what the prune keeps and what it removes.</summary>
public sealed record RetentionGroup(int? Vmid, NestedVirtualMachine? VirtualMachine, IReadOnlyList<RetentionBackup> Keep, IReadOnlyList<RetentionBackup> Remove);
