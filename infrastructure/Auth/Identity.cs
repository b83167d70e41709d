namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>The authenticated user behind a request, and the token it used.</summary>
public sealed record Identity(long UserId, string Username, bool IsSuperuser, long TokenId, bool WriteEnabled, IReadOnlyList<Grant> Grants);
