namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>Endpoint metadata: reachable without a token (the API root for clients' version probe, token provisioning).</summary>
public sealed class OpenAccess
{
    public static readonly OpenAccess Instance = new();
}
