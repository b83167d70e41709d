using System.Net;
using System.Text.Json.Serialization;
using Proxbox.Api.Features.Users.Users;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Tokens;

/// <summary>
/// API tokens (<c>/api/users/tokens/</c>). Only digests are stored; the plaintext appears once, in the answer to
/// the create (<see cref="CreateTokens"/>) or provision (<see cref="ProvisionToken"/>) request.
/// </summary>
public sealed class TokenResource : Resource<TokenRow, TokenResponse>
{
    public override ResourceInfo Info { get; } = new("users/tokens", "users_token", "k", "Token", "token", "users.token");

    public override string SelectSql => """
        SELECT k.id, k.version, k.key, k.hint, k.user_id, u.username, k.description, k.created, k.expires, k.last_used,
               k.enabled, k.write_enabled, k.allowed_ips::text[] AS allowed_ips, k.last_updated
        FROM users_token k JOIN users_user u ON u.id = k.user_id
        """;

    public override FilterSet Filters { get; } = new(
        alias: "k",
        tagTable: null,
        filters:
        [
            new NumberFilter("version", "k.version"),
            new TextFilter("key", "k.key"),
            new ForeignKeyFilter("user", "k.user_id", null),
            new RelatedFilter("user", "k.user_id", "users_user", new TextFilter("username", "username")),
            new TextFilter("description", "k.description"),
            new DateTimeFilter("expires", "k.expires"),
            new DateTimeFilter("last_used", "k.last_used"),
            new BooleanFilter("enabled", "k.enabled"),
            new BooleanFilter("write_enabled", "k.write_enabled"),
        ],
        search: ["k.description"],
        defaultOrdering: ["k.id"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "key", "write_enabled", "description"];

    /// <summary>What may change after creation; the token itself never does.</summary>
    public override WriteModel Writes { get; } = new()
    {
        Fields = Mutable,
        UpdateSql = """
            UPDATE users_token AS k
            SET description = v.description, expires = v.expires, enabled = v.enabled, write_enabled = v.write_enabled,
                allowed_ips = ARRAY(SELECT jsonb_array_elements_text(v.allowed_ips::jsonb))::cidr[], last_updated = now()
            FROM unnest(@id::bigint[], @description::text[], @expires::timestamptz[], @enabled::boolean[], @write_enabled::boolean[], @allowed_ips::text[])
                 AS v(id, description, expires, enabled, write_enabled, allowed_ips)
            WHERE k.id = v.id
            """,
    };

    public static WriteField[] Mutable =>
    [
        new TextField("description", "description", 200),
        new DateTimeField("expires", "expires") { Nullable = true },
        new BooleanField("enabled", "enabled") { Default = true },
        new BooleanField("write_enabled", "write_enabled") { Default = true },
        new StringListField("allowed_ips", "allowed_ips", cidr => IPNetwork.TryParse(cidr, out _) || IPAddress.TryParse(cidr, out _)
            ? null
            : $"Enter a valid IPv4 or IPv6 network: {cidr}"),
    ];

    public override TokenResponse Map(TokenRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), Display(row.Version, row.Key, row.Hint), row.Version, row.Key,
        NestedUser.Of(row.UserId, row.Username, urls), row.Description, row.Created, row.Expires, row.LastUsed,
        row.Enabled, row.WriteEnabled, row.AllowedIps, row.LastUpdated);

    /// <summary>NetBox's display: a v2 token's public key; a v1 token masked but for its last six characters.</summary>
    public static string Display(int version, string? key, string hint) => version == 2 ? key! : new string('*', 34) + hint;
}

/// <summary>Properties, not a positional record: Npgsql reports array columns as System.Array, which defeats constructor mapping.</summary>
public sealed record TokenRow
{
    public long Id { get; init; }
    public short Version { get; init; }
    public string? Key { get; init; }
    public string Hint { get; init; } = "";
    public long UserId { get; init; }
    public string Username { get; init; } = "";
    public string Description { get; init; } = "";
    public DateTime Created { get; init; }
    public DateTime? Expires { get; init; }
    public DateTime? LastUsed { get; init; }
    public bool Enabled { get; init; }
    public bool WriteEnabled { get; init; }
    public string[] AllowedIps { get; init; } = [];
    public DateTime LastUpdated { get; init; }
}

public sealed record TokenResponse(
    long Id, string Url, string Display, int Version, string? Key, NestedUser User, string Description, DateTime? Created,
    DateTime? Expires, DateTime? LastUsed, bool Enabled, bool WriteEnabled, string[] AllowedIps,
    [property: JsonIgnore] DateTime? LastUpdated) : IApiObject;
