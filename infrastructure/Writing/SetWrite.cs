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
        var fields = model.ColumnFields.ToArray();
        var slots = model.ColumnSlots;
        var arrays = fields.Select(f => NewArray(f.ElementType, items.Count)).ToArray();
        // Item by item, every column at once: an item's values are read while they are in the cache, once.
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            for (var k = 0; k < fields.Length; k++)
            {
                Set(arrays[k], i, fields[k].ToParameter(item.Values.At(slots[k]), item.Provided.Contains(slots[k]), secrets));
            }
        }

        var parameters = new DynamicParameters();
        for (var k = 0; k < fields.Length; k++)
        {
            parameters.Add(fields[k].Column, arrays[k]);
        }

        return parameters;
    }

    /// <summary>Which fields each item carried, one bit per column field in declaration order (for the upsert's merge).</summary>
    public static long[] ProvidedMasks(WriteModel model, IReadOnlyList<WriteItem> items)
    {
        var slots = model.ColumnSlots;
        var masks = new long[items.Count];
        for (var n = 0; n < items.Count; n++)
        {
            var mask = 0L;
            for (var i = 0; i < slots.Length; i++)
            {
                if (items[n].Provided.Contains(slots[i]))
                {
                    mask |= 1L << i;
                }
            }

            masks[n] = mask;
        }

        return masks;
    }

    private static Array NewArray(Type element, int count) =>
        Array.CreateInstance(element.IsValueType ? typeof(Nullable<>).MakeGenericType(element) : element, count);

    /// <summary>
    /// Sets one element. The common kinds are set through their typed arrays: <see cref="Array.SetValue(object, int)"/>
    /// checks and converts by reflection, which costs more than the rest of a ten-thousand-item write's preparation.
    /// </summary>
    private static void Set(Array array, int index, object? value)
    {
        switch (array)
        {
            case string?[] texts:
                texts[index] = (string?)value;
                break;
            case long?[] numbers when value is null or long:
                numbers[index] = (long?)value;
                break;
            case DateTime?[] instants when value is null or DateTime:
                instants[index] = (DateTime?)value;
                break;
            case bool?[] flags when value is null or bool:
                flags[index] = (bool?)value;
                break;
            default:
                array.SetValue(value, index); // other kinds, and values SetValue widens (an int into a long column)
                break;
        }
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
