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

    /// <exception cref="ArgumentException">The model has no field <paramref name="name"/> (a feature names its own fields only).</exception>
    public int Of(string name) => _slots.TryGetValue(name, out var slot) ? slot : throw new ArgumentException($"No field \"{name}\" in this model.", nameof(name));
}
