using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Querying;

namespace Proxbox.Api.Features.Operations.Replications;

/// <summary>
/// <c>q</c> over the replicated VM's name. The matching VMs are collected first, as an array, so the comparison is
/// an index condition on the replication's VM column and the whole <c>q</c> can be answered by combining indexes;
/// a plain <c>IN (subquery)</c> beside the text columns' conditions leaves the planner only a full scan.
/// </summary>
public sealed record VirtualMachineNameSearch(string ForeignKey) : SearchTerm
{
    public override string Sql(Func<string, string> qualify, string pattern) =>
        $"{qualify(ForeignKey)} = ANY(ARRAY(SELECT r.id FROM {VirtualMachineResource.Identity.Table} r WHERE r.name ILIKE {pattern}))";
}
