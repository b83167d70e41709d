using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Proxbox.Api.Infrastructure.Hosting;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>NetBox's page envelope, keys in DRF's order.</summary>
public sealed record Page(long? Count, string? Next, string? Previous, IReadOnlyList<object> Results);
