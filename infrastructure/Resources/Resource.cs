using System.Linq.Expressions;
using Dapper;
using Mapster;
using Npgsql;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// A NetBox REST resource, declared: who it is, its SELECT, its filters, its brief fields, its writable fields, and
/// how a row becomes its API object. Rows are read by Dapper by column name; the row → object mapping is a Mapster
/// adapter compiled once at start-up: members with the same name map by themselves, and <see cref="Map"/> says only
/// what names cannot (display, choices, nested objects, computed fields). The shared operations interpret the
/// declaration; a feature folder writes only what is particular to its resource.
/// </summary>
/// <typeparam name="TRow">What <see cref="SelectSql"/> returns per row.</typeparam>
/// <typeparam name="TResponse">The JSON shape, keys in NetBox's order.</typeparam>
public abstract class Resource<TRow, TResponse>(ResourceIdentity identity) : IResource, IMappedResource
    where TRow : Row
    where TResponse : class, IApiObject
{
    private Lazy<Func<TRow, TResponse>>? _map;
    private SetStatements? _statements;
    private string? _selectById;

    public ResourceIdentity Identity { get; } = identity;

    public abstract string SelectSql { get; }

    public string SelectByIdSql => _selectById ??= $"{SelectSql} WHERE {Identity.Alias}.id = $1";

    public abstract FilterSet Filters { get; }

    public abstract IReadOnlyList<string> BriefFields { get; }

    public virtual WriteModel? Writes => null;

    public Type ResponseType => typeof(TResponse);

    public SetStatements? Statements => _statements ??= Writes is { } writes ? new SetStatements(Identity.Table, writes) : null;

    /// <summary>The request's URLs, for mapping expressions that build links.</summary>
    protected static ApiUrls Urls => ReadContext.Current.Urls;

    /// <summary>The read in progress, for mapping expressions that depend on its moment (a schedule's next run).</summary>
    protected static ReadContext Read => ReadContext.Current;

    /// <summary>The members of <typeparamref name="TResponse"/> that do not map from a same-named row member.</summary>
    protected abstract void Map(TypeAdapterSetter<TRow, TResponse> map);

    /// <summary>Declares this resource's mapping in <paramref name="config"/>; <see cref="Compile"/> follows once all are declared.</summary>
    public void Configure(TypeAdapterConfig config)
    {
        var path = Identity.Path;
        var map = config.NewConfig<TRow, TResponse>();
        if (typeof(TResponse).GetProperty(nameof(ApiObject.Url)) is not null)
        {
            map.Map(nameof(ApiObject.Url), (Expression<Func<TRow, string>>)(row => Urls.Object(path, row.Id)));
        }

        Map(map);
    }

    /// <summary>
    /// Makes the compiled mapping available: compiled once, by the first request that needs it, and shared from then
    /// on. Compiling them all at start-up took the cores the database check and the readiness probe were waiting for.
    /// </summary>
    public void Compile(TypeAdapterConfig config) =>
        _map = new Lazy<Func<TRow, TResponse>>(config.GetMapFunction<TRow, TResponse>, LazyThreadSafetyMode.ExecutionAndPublication);

    public void Warm() => _ = _map?.Value;

    public async Task<List<IApiObject>> QueryAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, object? parameters, ReadContext read, CancellationToken ct) =>
        MapAll(await conn.QueryAsync<TRow>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct)), read);

    public async Task<SerializedObjects> QuerySerializedAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, object? parameters, ReadContext read, CancellationToken ct)
    {
        var map = Mapping;
        var objects = new SerializedObjects();
        try
        {
            using var scope = read.Enter();
            await using var reader = await conn.ExecuteReaderAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
            var parse = reader.GetRowParser<TRow>();
            while (await reader.ReadAsync(ct))
            {
                objects.Add(map(parse(reader)));
            }

            return objects;
        }
        catch
        {
            objects.Dispose();
            throw;
        }
    }

    public async Task<(long Count, List<IApiObject> Objects)> QueryPageAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string countSql, string sql,
        object? parameters, ReadContext read, CancellationToken ct)
    {
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition($"{countSql};\n{sql}", parameters, tx, cancellationToken: ct));
        var count = await results.ReadSingleAsync<long>();
        return (count, MapAll(await results.ReadAsync<TRow>(), read));
    }

    private Func<TRow, TResponse> Mapping => _map?.Value
        ?? throw new InvalidOperationException($"{Identity.ModelName}'s mapping is not declared: the resource registry declares it at start-up.");

    private List<IApiObject> MapAll(IEnumerable<TRow> rows, ReadContext read)
    {
        var map = Mapping;
        using var scope = read.Enter();
        var objects = new List<IApiObject>();
        foreach (var row in rows)
        {
            objects.Add(map(row));
        }

        return objects;
    }
}
