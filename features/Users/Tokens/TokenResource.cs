using System.Net;
using Mapster;
using Proxbox.Api.Features.Users.Users;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Tokens;

/// <summary>
/// API tokens (<c>/api/users/tokens/</c>). Only digests are stored; the plaintext appears once, in the answer to
/// the create (<see cref="CreateTokens"/>) or provision (<see cref="ProvisionToken"/>) request.
/// </summary>
public sealed class TokenResource() : Resource<TokenRow, TokenResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("users/tokens", "users_token", "k", "Token", "token", "users.token", Tagged: false);

    public override string SelectSql => $"""
        SELECT k.id, k.version, k.key, k.hint, k.user_id, u.username, k.description, k.created, k.expires, k.last_used,
               k.enabled, k.write_enabled, k.allowed_ips::text[] AS allowed_ips, k.last_updated
        FROM {Identity.From} JOIN users_user u ON u.id = k.user_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new NumberFilter("version"),
            new TextFilter("key"),
            new ForeignKeyFilter("user"),
            new RelatedFilter("user", UserResource.Identity.Table, new TextFilter("username")),
            new TextFilter("description"),
            new DateTimeFilter("expires"),
            new DateTimeFilter("last_used"),
            new BooleanFilter("enabled"),
            new BooleanFilter("write_enabled"),
        ],
        search: ["description"],
        ordering: ["id"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "key", "write_enabled", "description"];

    /// <summary>What may change after creation; the token itself never does (it is issued by its own operation).</summary>
    public override WriteModel Writes { get; } = new() { Fields = Mutable };

    public static WriteField[] Mutable =>
    [
        new TextField("description", 200),
        new DateTimeField("expires") { Nullable = true },
        new BooleanField("enabled") { Default = true },
        new BooleanField("write_enabled") { Default = true },
        new StringListField("allowed_ips", "cidr[]", cidr => IPNetwork.TryParse(cidr, out _) || IPAddress.TryParse(cidr, out _)
            ? null
            : $"Enter a valid IPv4 or IPv6 network: {cidr}"),
    ];

    protected override void Map(TypeAdapterSetter<TokenRow, TokenResponse> map) => map
        .Map(token => token.Display, row => Display(row.Version, row.Key, row.Hint))
        .Map(token => token.User, row => NestedUser.Of(row.UserId, row.Username, Urls));

    /// <summary>NetBox's display: a v2 token's public key; a v1 token masked but for its last six characters.</summary>
    public static string Display(int version, string? key, string hint) => version == 2 ? key! : new string('*', 34) + hint;
}
