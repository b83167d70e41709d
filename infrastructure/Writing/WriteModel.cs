using Npgsql;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A resource's writable side: its fields and its rules. The statements that write them are generated from the
/// fields (<see cref="SetStatements"/>); a resource names each column once, in its field.
/// </summary>
public sealed class WriteModel
{
    public required IReadOnlyList<WriteField> Fields { get; init; }

    /// <summary>
    /// The fields of a natural key that a POST upserts on: an item whose key exists updates that row (the answer
    /// is still 201, with the row's id). Backed by a unique constraint over exactly these columns.
    /// </summary>
    public IReadOnlyList<string> UpsertKey { get; init; } = [];

    /// <summary>Unique constraints checked before writing, so each offending item gets NetBox's message.</summary>
    public IReadOnlyList<UniqueRule> Unique { get; init; } = [];

    /// <summary>Rules over several fields (the model's <c>clean()</c>), run on the merged values of each item.</summary>
    public Action<WriteItem>? Validate { get; init; }

    /// <summary>Rules that need the database, run once for all items of a request (never a query per item).</summary>
    public Func<IReadOnlyList<WriteItem>, NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? CheckAsync { get; init; }

    /// <summary>The fields stored in the resource's own table (relations live in their assignment tables).</summary>
    public IEnumerable<WriteField> ColumnFields => Fields.Where(f => f.IsColumn);

    public bool Upserts => UpsertKey.Count > 0;

    public WriteField Field(string name) => Fields.Single(f => f.Name == name);

    /// <summary>The fields' positions, where each item keeps its values.</summary>
    public FieldSlots Slots => field ??= new FieldSlots(Fields);

    /// <summary>The slot of each of <see cref="ColumnFields"/>, in their order.</summary>
    public int[] ColumnSlots => field ??= ColumnFields.Select(f => Slots.Of(f.Name)).ToArray();
}
