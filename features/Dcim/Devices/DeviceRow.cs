using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Dcim.Devices;

public sealed record DeviceRow : NetBoxRow
{
    public string? Name { get; init; }
    public string Status { get; init; } = "";
    public string Serial { get; init; } = "";
    public string Description { get; init; } = "";
    public string Comments { get; init; } = "";
}
