using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// The set-based write: every item of a request goes to the database as one array per column, whatever the number
/// of items, and relations (tags, a permission's users) are replaced in one statement per relation.
/// </summary>
public static class SetWrite
{
    /// <summary>One array parameter per column, named after it, holding every item's value in item order.</summary>
    public static DynamicParameters ColumnArrays(WriteModel model, IReadOnlyList<WriteItem> items, SecretBox secrets)
    {
        var parameters = new DynamicParameters();
        foreach (var field in model.ColumnFields)
        {
            var element = field.ElementType.IsValueType ? typeof(Nullable<>).MakeGenericType(field.ElementType) : field.ElementType;
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(field.ToParameter(items[i].Values.GetValueOrDefault(field.Name), items[i].Provided.Contains(field.Name), secrets), i);
            }

            parameters.Add(field.Column, array);
        }

        return parameters;
    }

    /// <summary>Which fields each item carried, one bit per column field in declaration order (for the upsert's merge).</summary>
    public static long[] ProvidedMasks(WriteModel model, IReadOnlyList<WriteItem> items)
    {
        var fields = model.ColumnFields.ToList();
        return items.Select(item => fields.Select((f, i) => item.Provided.Contains(f.Name) ? 1L << i : 0).Aggregate(0L, (a, b) => a | b)).ToArray();
    }

    /// <summary>Replaces the assignment rows of every relation an item carries.</summary>
    /// <param name="tagTable">The resource's tag assignment table, for its <c>tags</c> field.</param>
    public static async Task WriteRelationsAsync(string? tagTable, WriteModel model, IReadOnlyList<WriteItem> items,
        NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        foreach (var field in model.Fields.OfType<ManyToManyField>())
        {
            var table = field.Table ?? tagTable ?? throw new InvalidOperationException($"A {field.Name} field needs a tag table.");
            var carried = items.Where(i => i.Values.GetValueOrDefault(field.Name) is long[]).ToList();
            if (carried.Count == 0)
            {
                continue;
            }

            var pairs = carried.SelectMany(i => ((long[])i.Values[field.Name]!).Select(target => (Owner: i.Id!.Value, Target: target))).ToList();
            await conn.ExecuteAsync(new CommandDefinition(
                $"""
                DELETE FROM {table} WHERE {field.OwnerColumn} = ANY(@owners);
                INSERT INTO {table} ({field.OwnerColumn}, {field.TargetColumn}) SELECT * FROM unnest(@o::bigint[], @t::bigint[]) ON CONFLICT DO NOTHING;
                """,
                new { owners = carried.Select(i => i.Id!.Value).Distinct().ToArray(), o = pairs.Select(p => p.Owner).ToArray(), t = pairs.Select(p => p.Target).ToArray() },
                tx, cancellationToken: ct));
        }
    }
}
