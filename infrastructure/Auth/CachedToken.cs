namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>A token as authentication needs it: the row's facts and the user's grants.</summary>
public sealed record CachedToken(
    long Id, long UserId, string Username, bool IsActive, bool IsSuperuser, bool Enabled, bool WriteEnabled, DateTime? Expires,
    string[] AllowedIps, IReadOnlyList<Grant> Grants, DateTime? LastUsed);
