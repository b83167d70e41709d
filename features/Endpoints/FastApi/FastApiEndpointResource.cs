using Proxbox.Api.Features.Ipam.IpAddresses;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints.FastApi;

/// <summary>
/// proxbox-api backend endpoints (<c>/api/plugins/proxbox/endpoints/fastapi/</c>). The backend's API token is
/// write-only and sealed at rest; when a write leaves it blank the service generates one and shows it once, in
/// that write's response.
/// </summary>
public sealed class FastApiEndpointResource : Resource<FastApiEndpointRow, FastApiEndpointResponse>
{
    public const string Path = "plugins/proxbox/endpoints/fastapi";

    public override ResourceInfo Info { get; } = new(Path, "netbox_proxbox_fastapiendpoint", "e", "FastAPIEndpoint", "fastapi endpoint",
        "netbox_proxbox.fastapiendpoint", "netbox_proxbox_fastapiendpoint_tags");

    public override string SelectSql { get; } = $"""
        SELECT {EndpointBase.HostColumns}, e.verify_ssl, (e.token IS NOT NULL AND e.token <> '') AS token_configured, e.use_websocket,
               e.websocket_domain, e.websocket_port, e.server_side_websocket,
               {Tagging.Column("netbox_proxbox_fastapiendpoint_tags", "e")}, e.custom_field_data, e.created, e.last_updated
        FROM netbox_proxbox_fastapiendpoint e
        LEFT JOIN ipam_ipaddress i ON i.id = e.ip_address_id
        """;

    public override FilterSet Filters { get; } = new(
        alias: "e",
        tagTable: "netbox_proxbox_fastapiendpoint_tags",
        filters: EndpointBase.Filters,
        search: ["e.name", "e.domain"],
        defaultOrdering: ["e.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "domain", "port"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            .. EndpointBase.Fields("ProxBox Endpoint", 8800),
            new BooleanField("verify_ssl", "verify_ssl") { Default = true },
            new SecretField("token", "token") { Nullable = true },
            new BooleanField("use_websocket", "use_websocket"),
            new TextField("websocket_domain", "websocket_domain", 255) { Nullable = true },
            new IntegerField("websocket_port", "websocket_port", 1, 65535) { Nullable = true },
            new BooleanField("server_side_websocket", "server_side_websocket"),
            Tagging.Field,
            new CustomFieldsField(),
        ],
        InsertSql = """
            INSERT INTO netbox_proxbox_fastapiendpoint
                (name, ip_address_id, domain, port, verify_ssl, token, use_websocket, websocket_domain, websocket_port, server_side_websocket, custom_field_data)
            SELECT v.name, v.ip_address_id, v.domain, v.port, v.verify_ssl, v.token, v.use_websocket, v.websocket_domain, v.websocket_port,
                   v.server_side_websocket, v.custom_field_data::jsonb
            FROM unnest(@name::text[], @ip_address_id::bigint[], @domain::text[], @port::bigint[], @verify_ssl::boolean[], @token::text[],
                        @use_websocket::boolean[], @websocket_domain::text[], @websocket_port::bigint[], @server_side_websocket::boolean[], @custom_field_data::text[])
                 WITH ORDINALITY AS v(name, ip_address_id, domain, port, verify_ssl, token, use_websocket, websocket_domain, websocket_port, server_side_websocket, custom_field_data, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE netbox_proxbox_fastapiendpoint AS e
            SET name = v.name, ip_address_id = v.ip_address_id, domain = v.domain, port = v.port, verify_ssl = v.verify_ssl, token = v.token,
                use_websocket = v.use_websocket, websocket_domain = v.websocket_domain, websocket_port = v.websocket_port,
                server_side_websocket = v.server_side_websocket, custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @ip_address_id::bigint[], @domain::text[], @port::bigint[], @verify_ssl::boolean[], @token::text[],
                        @use_websocket::boolean[], @websocket_domain::text[], @websocket_port::bigint[], @server_side_websocket::boolean[], @custom_field_data::text[])
                 AS v(id, name, ip_address_id, domain, port, verify_ssl, token, use_websocket, websocket_domain, websocket_port, server_side_websocket, custom_field_data)
            WHERE e.id = v.id
            """,
        Validate = item =>
        {
            EndpointBase.RequireHost(item);
            if (string.IsNullOrWhiteSpace(item.Text("token")))
            {
                item.Generate("token", EndpointBase.NewToken());
            }
        },
        Unique = [new UniqueRule("netbox_proxbox_fastapiendpoint_identity", ["name", "ip_address"], "FastAPI endpoint with this Name and IP address already exists.")],
    };

    public override FastApiEndpointResponse Map(FastApiEndpointRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Path, row.Id), EndpointBase.Display(row.Name, row.IpAddress, row.Domain), row.Name,
        NestedIpAddress.Of(row.IpAddressId, row.IpAddress, urls), row.Domain, row.Port, row.VerifySsl, row.TokenConfigured, row.UseWebsocket,
        row.WebsocketDomain, row.WebsocketPort, row.ServerSideWebsocket, Tagging.Read(row.Tags, urls), RawJson.From(row.CustomFieldData),
        row.Created, row.LastUpdated);
}

public sealed record FastApiEndpointRow(
    long Id, string? Name, long? IpAddressId, string? IpAddress, string? Domain, int Port, bool VerifySsl, bool TokenConfigured, bool UseWebsocket,
    string? WebsocketDomain, int? WebsocketPort, bool ServerSideWebsocket, string? Tags, string CustomFieldData, DateTime Created, DateTime LastUpdated);

public sealed record FastApiEndpointResponse(
    long Id, string Url, string Display, string? Name, NestedIpAddress? IpAddress, string? Domain, int Port, bool VerifySsl, bool TokenConfigured,
    bool UseWebsocket, string? WebsocketDomain, int? WebsocketPort, bool ServerSideWebsocket, IReadOnlyList<NestedTag> Tags, RawJson CustomFields,
    DateTime? Created, DateTime? LastUpdated) : IApiObject;

public sealed class FastApiEndpointsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<FastApiEndpointResource>());
}
