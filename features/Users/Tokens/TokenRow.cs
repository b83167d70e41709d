using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Users.Tokens;

public sealed record TokenRow : Row
{
    public short Version { get; init; }
    public string? Key { get; init; }
    public string Hint { get; init; } = "";
    public long UserId { get; init; }
    public string Username { get; init; } = "";
    public string Description { get; init; } = "";
    public DateTime? Expires { get; init; }
    public DateTime? LastUsed { get; init; }
    public bool Enabled { get; init; }
    public bool WriteEnabled { get; init; }
    public string[] AllowedIps { get; init; } = [];
}
