using Npgsql;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>What every resource declaration offers the shared operations, whatever its row and response types.</summary>
public interface IResource
{
    ResourceIdentity Identity { get; }

    /// <summary><c>SELECT &lt;columns&gt; FROM &lt;table&gt; &lt;alias&gt; [JOIN …]</c>, no WHERE: list and detail share it.</summary>
    string SelectSql { get; }

    /// <summary><see cref="SelectSql"/> for one object by id, the id as <c>$1</c> (no other condition).</summary>
    string SelectByIdSql { get; }

    FilterSet Filters { get; }

    /// <summary>The keys of <c>?brief=true</c> (upstream's <c>Meta.brief_fields</c>), in response order.</summary>
    IReadOnlyList<string> BriefFields { get; }

    /// <summary>The writable fields; null for a read-only resource.</summary>
    WriteModel? Writes { get; }

    /// <summary>The statements that write <see cref="Writes"/>, generated from its fields; null for a read-only resource.</summary>
    SetStatements? Statements { get; }

    /// <summary>The JSON shape of one object (for the OpenAPI document).</summary>
    Type ResponseType { get; }

    /// <summary>Runs <paramref name="sql"/> (the SELECT plus a WHERE) and maps each row to its API object.</summary>
    Task<List<IApiObject>> QueryAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, object? parameters, ReadContext read, CancellationToken ct);

    /// <summary>
    /// <see cref="QueryAsync"/> for thousands of rows: each object is written as JSON as its row arrives (see
    /// <see cref="SerializedObjects"/>). The caller owns the result.
    /// </summary>
    Task<SerializedObjects> QuerySerializedAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, object? parameters, ReadContext read, CancellationToken ct);

    /// <summary>A page and its count in one round trip: <paramref name="countSql"/> runs first, with the same parameters.</summary>
    Task<(long Count, List<IApiObject> Objects)> QueryPageAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string countSql, string sql, object? parameters, ReadContext read, CancellationToken ct);
}
