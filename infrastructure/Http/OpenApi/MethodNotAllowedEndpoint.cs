namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// Endpoint metadata: the route exists only to answer NetBox's 405 for a method the resource does not offer, so
/// it is not an operation of the API and the OpenAPI document leaves it out.
/// </summary>
public sealed class MethodNotAllowedEndpoint
{
    public static readonly MethodNotAllowedEndpoint Instance = new();
}
