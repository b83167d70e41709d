using Proxbox.Api.Infrastructure.Choices;

namespace Proxbox.Api.Features.Operations;

/// <summary>
/// Whether a synced job still exists in Proxmox: the sync backend marks the ones it no longer finds as stale rather
/// than deleting them, so their history stays readable.
/// </summary>
public static class SyncStatus
{
    public const string Active = "active";

    public static readonly Choice[] Choices = [new(Active, "Active"), new("stale", "Stale")];
}
