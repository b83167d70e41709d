using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Dcim.Devices;

public sealed record DeviceResponse : NetBoxObject
{
    public string? Name { get; init; }
    public ChoiceValue? Status { get; init; }
    public string Serial { get; init; } = "";
    public string Description { get; init; } = "";
    public string Comments { get; init; } = "";
}
