namespace Proxbox.Api.Tests.Features.Proxmox;

/// <summary>
/// A service on a database of its own that no test writes to: the planner then sees the Proxmox tables as a fresh
/// installation does, so which index it picks does not depend on how many rows other tests happened to store.
/// </summary>
public sealed class ProxmoxPlanFactory : ApiFactory;
