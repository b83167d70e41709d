using Mapster;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints.FastApi;

/// <summary>
/// proxbox-api backend endpoints (<c>/api/plugins/proxbox/endpoints/fastapi/</c>). The backend's API token is
/// write-only and sealed at rest; when a write leaves it blank the service generates one and shows it once, in
/// that write's response.
/// </summary>
public sealed class FastApiEndpointResource() : Resource<FastApiEndpointRow, FastApiEndpointResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/endpoints/fastapi", "netbox_proxbox_fastapiendpoint", "e",
        "FastAPIEndpoint", "fastapi endpoint", "netbox_proxbox.fastapiendpoint");

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, {EndpointBase.HostColumns}, e.verify_ssl, (e.token IS NOT NULL AND e.token <> '') AS token_configured,
               e.use_websocket, e.websocket_domain, e.websocket_port, e.server_side_websocket
        FROM {Identity.From}
        {EndpointBase.IpJoin}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(EndpointBase.Filters, search: EndpointBase.Search, ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "domain", "port"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            .. EndpointBase.Fields("ProxBox Endpoint", 8800),
            new BooleanField("verify_ssl") { Default = true },
            new SecretField("token") { Nullable = true, ShownOnCreate = true },
            new BooleanField("use_websocket"),
            new TextField("websocket_domain", 255) { Nullable = true },
            new IntegerField("websocket_port", 1, 65535) { Nullable = true },
            new BooleanField("server_side_websocket"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
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

    protected override void Map(TypeAdapterSetter<FastApiEndpointRow, FastApiEndpointResponse> map) => map.MapHost();
}
