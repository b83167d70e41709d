using Mapster;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Dcim.Devices;

/// <summary>NetBox's devices (<c>/api/dcim/devices/</c>): the hardware a Proxmox node runs on.</summary>
public sealed class DeviceResource() : Resource<DeviceRow, DeviceResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("dcim/devices", "dcim_device", "d", "Device", "device", "dcim.device");

    public static readonly Choice[] Statuses =
    [
        new("offline", "Offline"), new("active", "Active"), new("planned", "Planned"), new("staged", "Staged"),
        new("failed", "Failed"), new("inventory", "Inventory"), new("decommissioning", "Decommissioning"),
    ];

    public override string SelectSql { get; } = $"SELECT {Identity.NetBoxColumns}, d.name, d.status, d.serial, d.description, d.comments FROM {Identity.From}";

    public override FilterSet Filters { get; } = Identity.Filters(
        [new TextFilter("name"), new ChoiceFilter("status", Statuses), new TextFilter("serial"), new TextFilter("description")],
        search: ["name", "serial", "description", "comments"],
        ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            // An empty name is no name (NetBox stores NULL), so "Device <id>" is shown for it.
            new TextField("name", 64) { Nullable = true, Sql = value => $"NULLIF({value}, '')" },
            new ChoiceField("status", Statuses) { Default = "active" },
            new TextField("serial", 50),
            new TextField("description", 200),
            new TextField("comments"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
    };

    protected override void Map(TypeAdapterSetter<DeviceRow, DeviceResponse> map) => map
        .Map(device => device.Display, row => NestedDevice.DisplayOf(row.Id, row.Name))
        .Map(device => device.Status, row => ChoiceValue.Of(Statuses, row.Status));
}
