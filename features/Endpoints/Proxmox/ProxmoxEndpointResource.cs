using Proxbox.Api.Features.Ipam.IpAddresses;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints.Proxmox;

/// <summary>
/// Proxmox VE endpoints (<c>/api/plugins/proxbox/endpoints/proxmox/</c>): where and how the sync backend logs in.
/// <c>password</c> and <c>token_value</c> are write-only and sealed at rest; reads say whether they are configured.
/// </summary>
public sealed class ProxmoxEndpointResource : Resource<ProxmoxEndpointRow, ProxmoxEndpointResponse>
{
    public const string Path = "plugins/proxbox/endpoints/proxmox";

    public static readonly Choice[] Modes = [new("undefined", "Undefined"), new("standalone", "Standalone"), new("cluster", "Cluster")];

    public override ResourceInfo Info { get; } = new(Path, "netbox_proxbox_proxmoxendpoint", "e", "ProxmoxEndpoint", "proxmox endpoint",
        "netbox_proxbox.proxmoxendpoint", "netbox_proxbox_proxmoxendpoint_tags");

    public override string SelectSql { get; } = $"""
        SELECT {EndpointBase.HostColumns}, e.mode, e.version, e.repoid, e.username, e.token_name, e.verify_ssl,
               (e.password IS NOT NULL AND e.password <> '') AS password_configured, e.token_value <> '' AS token_value_configured,
               {Tagging.Column("netbox_proxbox_proxmoxendpoint_tags", "e")}, e.custom_field_data, e.created, e.last_updated
        FROM netbox_proxbox_proxmoxendpoint e
        LEFT JOIN ipam_ipaddress i ON i.id = e.ip_address_id
        """;

    public override FilterSet Filters { get; } = new(
        alias: "e",
        tagTable: "netbox_proxbox_proxmoxendpoint_tags",
        filters: [.. EndpointBase.Filters, new ChoiceFilter("mode", "e.mode", Modes.Select(m => m.Value).ToArray())],
        search: ["e.name", "e.domain"],
        defaultOrdering: ["e.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "domain", "port"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            .. EndpointBase.Fields("Proxmox Endpoint", 8006),
            new ChoiceField("mode", "mode", Modes) { Default = "undefined" },
            new TextField("version", "version", 20) { Nullable = true },
            new TextField("repoid", "repoid", 16) { Nullable = true },
            new TextField("username", "username", 255) { Default = "root@pam", AllowBlank = false },
            new SecretField("password", "password") { Nullable = true },
            new TextField("token_name", "token_name", 255),
            new SecretField("token_value", "token_value"),
            new BooleanField("verify_ssl", "verify_ssl"),
            Tagging.Field,
            new CustomFieldsField(),
        ],
        InsertSql = """
            INSERT INTO netbox_proxbox_proxmoxendpoint
                (name, ip_address_id, domain, port, mode, version, repoid, username, password, token_name, token_value, verify_ssl, custom_field_data)
            SELECT v.name, v.ip_address_id, v.domain, v.port, v.mode, v.version, v.repoid, v.username, v.password, v.token_name, v.token_value,
                   v.verify_ssl, v.custom_field_data::jsonb
            FROM unnest(@name::text[], @ip_address_id::bigint[], @domain::text[], @port::bigint[], @mode::text[], @version::text[], @repoid::text[],
                        @username::text[], @password::text[], @token_name::text[], @token_value::text[], @verify_ssl::boolean[], @custom_field_data::text[])
                 WITH ORDINALITY AS v(name, ip_address_id, domain, port, mode, version, repoid, username, password, token_name, token_value, verify_ssl, custom_field_data, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE netbox_proxbox_proxmoxendpoint AS e
            SET name = v.name, ip_address_id = v.ip_address_id, domain = v.domain, port = v.port, mode = v.mode, version = v.version,
                repoid = v.repoid, username = v.username, password = v.password, token_name = v.token_name, token_value = v.token_value,
                verify_ssl = v.verify_ssl, custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @ip_address_id::bigint[], @domain::text[], @port::bigint[], @mode::text[], @version::text[],
                        @repoid::text[], @username::text[], @password::text[], @token_name::text[], @token_value::text[], @verify_ssl::boolean[],
                        @custom_field_data::text[])
                 AS v(id, name, ip_address_id, domain, port, mode, version, repoid, username, password, token_name, token_value, verify_ssl, custom_field_data)
            WHERE e.id = v.id
            """,
        Validate = EndpointBase.RequireHost,
        Unique =
        [
            new UniqueRule("netbox_proxbox_proxmoxendpoint_identity", ["name", "ip_address", "domain"],
                "Proxmox endpoint with this Name, IP address and Domain already exists."),
        ],
    };

    public override ProxmoxEndpointResponse Map(ProxmoxEndpointRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Path, row.Id), EndpointBase.Display(row.Name, row.IpAddress, row.Domain), row.Name,
        NestedIpAddress.Of(row.IpAddressId, row.IpAddress, urls), row.Domain, row.Port, ChoiceField.Read(Modes, row.Mode), row.Version, row.Repoid,
        row.Username, row.TokenName, row.PasswordConfigured, row.TokenValueConfigured, row.VerifySsl,
        Tagging.Read(row.Tags, urls), RawJson.From(row.CustomFieldData), row.Created, row.LastUpdated);
}

public sealed record ProxmoxEndpointRow(
    long Id, string? Name, long? IpAddressId, string? IpAddress, string? Domain, int Port, string Mode, string? Version, string? Repoid,
    string Username, string TokenName, bool VerifySsl, bool PasswordConfigured, bool TokenValueConfigured, string? Tags, string CustomFieldData,
    DateTime Created, DateTime LastUpdated);

public sealed record ProxmoxEndpointResponse(
    long Id, string Url, string Display, string? Name, NestedIpAddress? IpAddress, string? Domain, int Port, ChoiceValue? Mode, string? Version,
    string? Repoid, string Username, string TokenName, bool PasswordConfigured, bool TokenValueConfigured, bool VerifySsl,
    IReadOnlyList<NestedTag> Tags, RawJson CustomFields, DateTime? Created, DateTime? LastUpdated) : IApiObject;

public sealed class ProxmoxEndpointsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<ProxmoxEndpointResource>());
}
