using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.VmData.TaskHistory;

public sealed record VmTaskHistoryRow : NetBoxRow
{
    public long VirtualMachineId { get; init; }
    public string VirtualMachineName { get; init; } = "";
    public string VmType { get; init; } = "";
    public string Upid { get; init; } = "";
    public string Node { get; init; } = "";
    public int? Pid { get; init; }
    public long? Pstart { get; init; }
    public string? TaskId { get; init; }
    public string TaskType { get; init; } = "";
    public string Username { get; init; } = "";
    public DateTime StartTime { get; init; }
    public DateTime? EndTime { get; init; }
    public string Description { get; init; } = "";
    public string Status { get; init; } = "";
    public string? TaskState { get; init; }
    public string? Exitstatus { get; init; }
}
