using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// Endpoint metadata: the route serves <paramref name="Resource"/>'s list URL, or its detail URL when
/// <paramref name="Detail"/> is set. The OpenAPI document describes the operation from the declaration it names.
/// </summary>
public sealed record ResourceEndpoint(IResource Resource, bool Detail);
