using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Dcim.Devices;

/// <summary>NetBox's devices (<c>/api/dcim/devices/</c>): the hardware a Proxmox node runs on.</summary>
public sealed class DeviceResource : Resource<DeviceRow, DeviceResponse>
{
    public static readonly Choice[] Statuses =
    [
        new("offline", "Offline"), new("active", "Active"), new("planned", "Planned"), new("staged", "Staged"),
        new("failed", "Failed"), new("inventory", "Inventory"), new("decommissioning", "Decommissioning"),
    ];

    public override ResourceInfo Info { get; } = new("dcim/devices", "dcim_device", "d", "Device", "device", "dcim.device", "dcim_device_tags");

    public override string SelectSql { get; } = $"""
        SELECT d.id, d.name, d.status, d.serial, d.description, d.comments,
               {Tagging.Column("dcim_device_tags", "d")}, d.custom_field_data, d.created, d.last_updated
        FROM dcim_device d
        """;

    public override FilterSet Filters { get; } = new(
        alias: "d",
        tagTable: "dcim_device_tags",
        filters:
        [
            new TextFilter("name", "d.name"),
            new ChoiceFilter("status", "d.status", Statuses.Select(s => s.Value).ToArray()),
            new TextFilter("serial", "d.serial"),
            new TextFilter("description", "d.description"),
        ],
        search: ["d.name", "d.serial", "d.description", "d.comments"],
        defaultOrdering: ["d.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", "name", 64) { Nullable = true },
            new ChoiceField("status", "status", Statuses) { Default = "active" },
            new TextField("serial", "serial", 50),
            new TextField("description", "description", 200),
            new TextField("comments", "comments"),
            Tagging.Field,
            new CustomFieldsField(),
        ],
        // An empty name is no name (NetBox stores NULL), so "Device <id>" is shown for it.
        InsertSql = """
            INSERT INTO dcim_device (name, status, serial, description, comments, custom_field_data)
            SELECT NULLIF(v.name, ''), v.status, v.serial, v.description, v.comments, v.custom_field_data::jsonb
            FROM unnest(@name::text[], @status::text[], @serial::text[], @description::text[], @comments::text[], @custom_field_data::text[])
                 WITH ORDINALITY AS v(name, status, serial, description, comments, custom_field_data, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE dcim_device AS d
            SET name = NULLIF(v.name, ''), status = v.status, serial = v.serial, description = v.description, comments = v.comments,
                custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @status::text[], @serial::text[], @description::text[], @comments::text[], @custom_field_data::text[])
                 AS v(id, name, status, serial, description, comments, custom_field_data)
            WHERE d.id = v.id
            """,
    };

    public override DeviceResponse Map(DeviceRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), NestedDevice.DisplayOf(row.Id, row.Name), row.Name, ChoiceField.Read(Statuses, row.Status),
        row.Serial, row.Description, row.Comments, Tagging.Read(row.Tags, urls), RawJson.From(row.CustomFieldData), row.Created, row.LastUpdated);
}

public sealed record DeviceRow(
    long Id, string? Name, string Status, string Serial, string Description, string Comments, string? Tags, string CustomFieldData,
    DateTime Created, DateTime LastUpdated);

public sealed record DeviceResponse(
    long Id, string Url, string Display, string? Name, ChoiceValue? Status, string Serial, string Description, string Comments,
    IReadOnlyList<NestedTag> Tags, RawJson CustomFields, DateTime? Created, DateTime? LastUpdated) : IApiObject;

/// <summary>How other objects show a device: the plugin's Proxmox nodes point here.</summary>
public sealed record NestedDevice(long Id, string Url, string Display, string? Name)
{
    public const string Path = "dcim/devices";

    public static string DisplayOf(long id, string? name) => string.IsNullOrEmpty(name) ? $"Device {id}" : name;

    public static NestedDevice? Of(long? id, string? name, ApiUrls urls) =>
        id is long key ? new NestedDevice(key, urls.Object(Path, key), DisplayOf(key, name), name) : null;

    public static ReferenceTarget Target { get; } = new("dcim_device", new Dictionary<string, string> { ["id"] = "id", ["name"] = "name", ["serial"] = "serial" });
}
