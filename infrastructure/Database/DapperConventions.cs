using System.Runtime.CompilerServices;
using Dapper;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>How Dapper maps rows here, set once when the assembly loads: snake_case columns fill PascalCase properties.</summary>
internal static class DapperConventions
{
    [ModuleInitializer]
    internal static void Apply() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}
