using Dapper;
using Proxbox.Api.Features.Ipam.IpAddresses;
using Proxbox.Api.Features.Users.Tokens;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints.NetBox;

/// <summary>
/// NetBox endpoints (<c>/api/plugins/proxbox/endpoints/netbox/</c>): the NetBox the sync backend writes to. A v1
/// token is a reference to this service's own <c>/api/users/tokens/</c>; a v2 token is a key and a write-only
/// secret (sealed at rest).
/// </summary>
public sealed class NetBoxEndpointResource : Resource<NetBoxEndpointRow, NetBoxEndpointResponse>
{
    public const string Path = "plugins/proxbox/endpoints/netbox";

    public static readonly Choice[] TokenVersions = [new("v1", "v1 Token"), new("v2", "v2 Token")];

    public override ResourceInfo Info { get; } = new(Path, "netbox_proxbox_netboxendpoint", "e", "NetBoxEndpoint", "netbox endpoint",
        "netbox_proxbox.netboxendpoint", "netbox_proxbox_netboxendpoint_tags");

    public override string SelectSql { get; } = $"""
        SELECT {EndpointBase.HostColumns}, e.token_version, e.token_id, k.version AS token_key_version, k.key AS token_public_key,
               k.hint AS token_hint, e.token_key, e.token_secret <> '' AS token_secret_configured, e.verify_ssl,
               {Tagging.Column("netbox_proxbox_netboxendpoint_tags", "e")}, e.custom_field_data, e.created, e.last_updated
        FROM netbox_proxbox_netboxendpoint e
        LEFT JOIN ipam_ipaddress i ON i.id = e.ip_address_id
        LEFT JOIN users_token k ON k.id = e.token_id
        """;

    public override FilterSet Filters { get; } = new(
        alias: "e",
        tagTable: "netbox_proxbox_netboxendpoint_tags",
        filters: EndpointBase.Filters,
        search: ["e.name", "e.domain"],
        defaultOrdering: ["e.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "domain", "port"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            .. EndpointBase.Fields("NetBox Endpoint", 443),
            new ChoiceField("token_version", "token_version", TokenVersions) { Default = "v1" },
            new ForeignKeyField("token", "token_id", new ReferenceTarget("users_token", new Dictionary<string, string> { ["id"] = "id", ["key"] = "key" })) { Nullable = true },
            new TextField("token_key", "token_key", 255),
            new SecretField("token_secret", "token_secret"),
            new BooleanField("verify_ssl", "verify_ssl") { Default = true },
            Tagging.Field,
            new CustomFieldsField(),
        ],
        InsertSql = """
            INSERT INTO netbox_proxbox_netboxendpoint (name, ip_address_id, domain, port, token_version, token_id, token_key, token_secret, verify_ssl, custom_field_data)
            SELECT v.name, v.ip_address_id, v.domain, v.port, v.token_version, v.token_id, v.token_key, v.token_secret, v.verify_ssl, v.custom_field_data::jsonb
            FROM unnest(@name::text[], @ip_address_id::bigint[], @domain::text[], @port::bigint[], @token_version::text[], @token_id::bigint[],
                        @token_key::text[], @token_secret::text[], @verify_ssl::boolean[], @custom_field_data::text[])
                 WITH ORDINALITY AS v(name, ip_address_id, domain, port, token_version, token_id, token_key, token_secret, verify_ssl, custom_field_data, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE netbox_proxbox_netboxendpoint AS e
            SET name = v.name, ip_address_id = v.ip_address_id, domain = v.domain, port = v.port, token_version = v.token_version,
                token_id = v.token_id, token_key = v.token_key, token_secret = v.token_secret, verify_ssl = v.verify_ssl,
                custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @ip_address_id::bigint[], @domain::text[], @port::bigint[], @token_version::text[],
                        @token_id::bigint[], @token_key::text[], @token_secret::text[], @verify_ssl::boolean[], @custom_field_data::text[])
                 AS v(id, name, ip_address_id, domain, port, token_version, token_id, token_key, token_secret, verify_ssl, custom_field_data)
            WHERE e.id = v.id
            """,
        Validate = item =>
        {
            EndpointBase.RequireHost(item);
            ApplyTokenRules(item);
        },
        CheckAsync = RefuseV2TokensAsync,
        Unique = [new UniqueRule("netbox_proxbox_netboxendpoint_identity", ["name", "ip_address"], "NetBox endpoint with this Name and IP address already exists.")],
    };

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
    private static async Task RefuseV2TokensAsync(IReadOnlyList<WriteItem> items, Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, CancellationToken ct)
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

    public override NetBoxEndpointResponse Map(NetBoxEndpointRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Path, row.Id), EndpointBase.Display(row.Name, row.IpAddress, row.Domain), row.Name,
        NestedIpAddress.Of(row.IpAddressId, row.IpAddress, urls), row.Domain, row.Port, row.TokenVersion,
        row.TokenId is long tokenId
            ? new NestedToken(tokenId, urls.Object("users/tokens", tokenId), TokenResource.Display(row.TokenKeyVersion ?? 1, row.TokenPublicKey, row.TokenHint ?? ""), row.TokenPublicKey)
            : null,
        row.TokenKey, row.TokenSecretConfigured, row.VerifySsl, Tagging.Read(row.Tags, urls), RawJson.From(row.CustomFieldData), row.Created, row.LastUpdated);
}

/// <summary>How an endpoint shows the token it uses (upstream's NestedTokenSerializer): <c>key</c> is null for v1.</summary>
public sealed record NestedToken(long Id, string Url, string Display, string? Key);

public sealed record NetBoxEndpointRow(
    long Id, string? Name, long? IpAddressId, string? IpAddress, string? Domain, int Port, string TokenVersion, long? TokenId, short? TokenKeyVersion,
    string? TokenPublicKey, string? TokenHint, string TokenKey, bool TokenSecretConfigured, bool VerifySsl, string? Tags, string CustomFieldData,
    DateTime Created, DateTime LastUpdated);

public sealed record NetBoxEndpointResponse(
    long Id, string Url, string Display, string? Name, NestedIpAddress? IpAddress, string? Domain, int Port, string TokenVersion, NestedToken? Token,
    string TokenKey, bool TokenSecretConfigured, bool VerifySsl, IReadOnlyList<NestedTag> Tags, RawJson CustomFields, DateTime? Created,
    DateTime? LastUpdated) : IApiObject;

public sealed class NetBoxEndpointsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<NetBoxEndpointResource>());
}
