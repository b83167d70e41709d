using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// Endpoint metadata for a create that a feature handles itself, with a body other than the resource's writable
/// fields (a token is issued from fields that can never be changed afterwards).
/// </summary>
/// <param name="Name">The request schema's component name.</param>
/// <param name="Fields">The fields the body may give.</param>
/// <param name="AcceptsList">Whether a list of such objects is a bulk create.</param>
/// <param name="Revealed">A key the 201 answer adds to the object, shown that once (a token's plaintext).</param>
public sealed record CreateBody(string Name, WriteModel Fields, bool AcceptsList = true, string? Revealed = null);
