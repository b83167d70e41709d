using System.Data;
using Dapper;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// Parameters for a single statement written with <c>$1</c>, <c>$2</c>… placeholders. Npgsql sends such a statement as
/// it is; a statement with named parameters (<c>@f0</c>) it parses and rewrites on every execution, which for a
/// resource's SELECT is a copy of a kilobyte of text per request. For the hottest statements, whose text never changes.
/// </summary>
public sealed class PositionalParameters(params long[] values) : SqlMapper.IDynamicParameters
{
    public void AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        var parameters = ((NpgsqlCommand)command).Parameters;
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter<long> { TypedValue = value });
        }
    }
}
