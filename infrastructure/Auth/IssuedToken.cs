namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>A token as issued: the only moment its plaintext exists outside the client.</summary>
/// <param name="Token">The whole v1 token, or the v2 secret (NetBox 4.5's <c>token</c> field).</param>
public sealed record IssuedToken(long Id, int Version, string? Key, string Token)
{
    /// <summary>What goes after <c>Token </c>/<c>Bearer </c> in the Authorization header.</summary>
    public string HeaderValue => Version == 2 ? ApiTokens.V2Header(Key!, Token) : Token;
}
