using System.Text.Json.Nodes;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>An enabled object permission granted to the caller.</summary>
public sealed record Grant(IReadOnlyList<string> ObjectTypes, IReadOnlyList<string> Actions, JsonNode? Constraints);
