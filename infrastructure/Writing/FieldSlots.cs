using System.Collections.Frozen;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A model's fields by position: each item of a write keeps its values and its provided fields in arrays indexed by
/// these slots, so ten thousand items of a bulk write hold arrays rather than a hash table each, and the shared
/// steps (parsing, the column arrays) reach a field by its position without hashing its name.
/// </summary>
public sealed class FieldSlots
{
    private readonly FrozenDictionary<string, int> _slots;

    public FieldSlots(IReadOnlyList<WriteField> fields)
    {
        _slots = fields.Select((field, slot) => KeyValuePair.Create(field.Name, slot)).ToFrozenDictionary(StringComparer.Ordinal);
        Count = fields.Count;
    }

    public int Count { get; }

    public int Of(string name) => _slots.TryGetValue(name, out var slot) ? slot : -1;
}
