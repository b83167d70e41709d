using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Users;

/// <summary>How other objects (tokens, permissions) show a user.</summary>
public sealed record NestedUser(long Id, string Url, string Display, string Username)
{
    public static NestedUser Of(long id, string username, ApiUrls urls) => new(id, UserResource.Identity.Url(urls, id), username, username);

    public static ReferenceTarget Target { get; } = UserResource.Identity.Target("username");
}
