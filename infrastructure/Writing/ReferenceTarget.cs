using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>What a foreign key may point at, and which attributes a write may look it up by.</summary>
/// <param name="Lookups">JSON attribute → column of <paramref name="Table"/>.</param>
public sealed record ReferenceTarget(string Table, IReadOnlyDictionary<string, string> Lookups);
