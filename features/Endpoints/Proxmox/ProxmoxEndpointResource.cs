using Mapster;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints.Proxmox;

/// <summary>
/// Proxmox VE endpoints (<c>/api/plugins/proxbox/endpoints/proxmox/</c>): where and how the sync backend logs in.
/// <c>password</c> and <c>token_value</c> are write-only and sealed at rest; reads say whether they are configured.
/// </summary>
public sealed class ProxmoxEndpointResource() : Resource<ProxmoxEndpointRow, ProxmoxEndpointResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/endpoints/proxmox", "netbox_proxbox_proxmoxendpoint", "e",
        "ProxmoxEndpoint", "proxmox endpoint", "netbox_proxbox.proxmoxendpoint");

    public static readonly Choice[] Modes = [new("undefined", "Undefined"), new("standalone", "Standalone"), new("cluster", "Cluster")];

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, {EndpointBase.HostColumns}, e.mode, e.version, e.repoid, e.username, e.token_name, e.verify_ssl,
               (e.password IS NOT NULL AND e.password <> '') AS password_configured, e.token_value <> '' AS token_value_configured
        FROM {Identity.From}
        {EndpointBase.IpJoin}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [.. EndpointBase.Filters, new ChoiceFilter("mode", Modes)],
        search: EndpointBase.Search,
        ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "domain", "port"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            .. EndpointBase.Fields("Proxmox Endpoint", 8006),
            new ChoiceField("mode", Modes) { Default = "undefined" },
            new TextField("version", 20) { Nullable = true },
            new TextField("repoid", 16) { Nullable = true },
            new TextField("username", 255) { Default = "root@pam", AllowBlank = false },
            new SecretField("password") { Nullable = true },
            new TextField("token_name", 255),
            new SecretField("token_value"),
            new BooleanField("verify_ssl"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Validate = EndpointBase.RequireHost,
        Unique =
        [
            new UniqueRule("netbox_proxbox_proxmoxendpoint_identity", ["name", "ip_address", "domain"],
                "Proxmox endpoint with this Name, IP address and Domain already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<ProxmoxEndpointRow, ProxmoxEndpointResponse> map) => map
        .MapHost()
        .Map(endpoint => endpoint.Mode, row => ChoiceValue.Of(Modes, row.Mode));
}
