namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>What a new token should be; <see cref="Plaintext"/> is the caller's own value (v1 token or v2 secret), else one is generated.</summary>
public sealed record TokenSpec(int Version = 2, string? Plaintext = null, string? Key = null, string Description = "", DateTime? Expires = null,
    bool Enabled = true, bool WriteEnabled = true, string[]? AllowedIps = null);
