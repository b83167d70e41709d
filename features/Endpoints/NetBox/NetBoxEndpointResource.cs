using Dapper;
using Mapster;
using Npgsql;
using Proxbox.Api.Features.Users.Tokens;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints.NetBox;

/// <summary>
/// NetBox endpoints (<c>/api/plugins/proxbox/endpoints/netbox/</c>): the NetBox the sync backend writes to. A v1
/// token is a reference to this service's own <c>/api/users/tokens/</c>; a v2 token is a key and a write-only
/// secret (sealed at rest).
/// </summary>
public sealed class NetBoxEndpointResource() : Resource<NetBoxEndpointRow, NetBoxEndpointResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/endpoints/netbox", "netbox_proxbox_netboxendpoint", "e",
        "NetBoxEndpoint", "netbox endpoint", "netbox_proxbox.netboxendpoint");

    public static readonly Choice[] TokenVersions = [new("v1", "v1 Token"), new("v2", "v2 Token")];

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, {EndpointBase.HostColumns}, e.token_version, e.token_id, k.version AS token_key_version,
               k.key AS token_public_key, k.hint AS token_hint, e.token_key, e.token_secret <> '' AS token_secret_configured, e.verify_ssl
        FROM {Identity.From}
        {EndpointBase.IpJoin}
        LEFT JOIN users_token k ON k.id = e.token_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(EndpointBase.Filters, search: EndpointBase.Search, ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "domain", "port"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            .. EndpointBase.Fields("NetBox Endpoint", 443),
            new ChoiceField("token_version", TokenVersions) { Default = "v1" },
            new ForeignKeyField("token", TokenResource.Identity.Target("key")) { Nullable = true },
            new TextField("token_key", 255),
            new SecretField("token_secret"),
            new BooleanField("verify_ssl") { Default = true },
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Validate = item =>
        {
            EndpointBase.RequireHost(item);
            ApplyTokenRules(item);
        },
        CheckAsync = RefuseV2TokensAsync,
        Unique = [new UniqueRule("netbox_proxbox_netboxendpoint_identity", ["name", "ip_address"], "NetBox endpoint with this Name and IP address already exists.")],
    };

    protected override void Map(TypeAdapterSetter<NetBoxEndpointRow, NetBoxEndpointResponse> map) => map
        .MapHost()
        .Map(endpoint => endpoint.Token, row => NestedToken.Of(row.TokenId, row.TokenKeyVersion, row.TokenPublicKey, row.TokenHint, Urls));

    /// <summary>
    /// Upstream's token rules, on the merged values: a referenced token makes the endpoint v1 and clears key and
    /// secret; otherwise v2 needs both a key and a secret, and v1 without a reference simply has no credentials.
    /// </summary>
    private static void ApplyTokenRules(WriteItem item)
    {
        if (item.Values.GetValueOrDefault("token") is not null)
        {
            item.Values["token_version"] = "v1";
            item.Values["token_key"] = "";
            item.Values["token_secret"] = "";
            return;
        }

        if (item.Text("token_version") == "v2")
        {
            if (string.IsNullOrEmpty(item.Text("token_key")))
            {
                item.AddError("token_key", "Token key is required when using a v2 token.");
            }

            if (string.IsNullOrEmpty(item.Text("token_secret")))
            {
                item.AddError("token_secret", "Token secret is required when using a v2 token.");
            }

            return;
        }

        item.Values["token_version"] = "v1";
        item.Values["token_key"] = "";
        item.Values["token_secret"] = "";
    }

    /// <summary>A v2 token's secret is only a digest here, so an endpoint cannot use it: one query for the whole request.</summary>
    private static async Task RefuseV2TokensAsync(IReadOnlyList<WriteItem> items, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var ids = items.Select(i => i.Values.GetValueOrDefault("token")).OfType<long>().Distinct().ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var v2 = (await conn.QueryAsync<long>(new CommandDefinition("SELECT id FROM users_token WHERE id = ANY(@ids) AND version = 2", new { ids }, tx, cancellationToken: ct))).ToHashSet();
        foreach (var item in items.Where(i => i.Values.GetValueOrDefault("token") is long id && v2.Contains(id)))
        {
            item.AddError("token", "Selected NetBox v2 token cannot be used by this endpoint because its secret is not retrievable. Provide token_key and token_secret fields instead.");
        }
    }
}
