namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>What an <c>Authorization</c> header carries.</summary>
public abstract record Credentials
{
    /// <summary>No header, or a scheme that is not ours (NetBox ignores <c>Basic</c>): the caller is anonymous.</summary>
    public sealed record None : Credentials;

    public sealed record Malformed(string Message) : Credentials;

    public sealed record V1(string Token) : Credentials;

    public sealed record V2(string Key, string Secret) : Credentials;
}
