using Proxbox.Api.Features.Users.Tokens;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Features.Endpoints.NetBox;

/// <summary>How an endpoint shows the token it uses (upstream's NestedTokenSerializer): <c>key</c> is null for v1.</summary>
public sealed record NestedToken(long Id, string Url, string Display, string? Key)
{
    public static NestedToken? Of(long? id, short? version, string? key, string? hint, ApiUrls urls) =>
        id is long tokenId ? new NestedToken(tokenId, TokenResource.Identity.Url(urls, tokenId), TokenResource.Display(version ?? 1, key, hint ?? ""), key) : null;
}
