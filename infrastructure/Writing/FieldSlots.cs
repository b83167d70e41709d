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

/// <summary>
/// An item's values by field name, as a dictionary would hold them (a name may be absent, which is not the same as
/// null), stored in the model's slots. A name outside the model (a value a feature computes for itself) is kept
/// aside.
/// </summary>
public sealed class FieldValues
{
    private static readonly object Absent = new();
    private readonly FieldSlots _slots;
    private readonly object?[] _values;
    private Dictionary<string, object?>? _others;

    public FieldValues(FieldSlots slots)
    {
        _slots = slots;
        _values = new object?[slots.Count];
        Array.Fill(_values, Absent);
    }

    /// <exception cref="KeyNotFoundException">The item holds no value for <paramref name="name"/>.</exception>
    public object? this[string name]
    {
        get => _slots.Of(name) is var slot and >= 0
            ? _values[slot] is var value && value != Absent ? value : throw new KeyNotFoundException(name)
            : _others is not null && _others.TryGetValue(name, out var other) ? other : throw new KeyNotFoundException(name);
        set
        {
            if (_slots.Of(name) is var slot and >= 0)
            {
                _values[slot] = value;
            }
            else
            {
                (_others ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;
            }
        }
    }

    /// <summary>The value held for <paramref name="name"/>, null when there is none.</summary>
    public object? GetValueOrDefault(string name) => _slots.Of(name) is var slot and >= 0 ? At(slot) : _others?.GetValueOrDefault(name);

    public void Remove(string name)
    {
        if (_slots.Of(name) is var slot and >= 0)
        {
            _values[slot] = Absent;
        }
        else
        {
            _others?.Remove(name);
        }
    }

    /// <summary>The value in the model's field <paramref name="slot"/>, null when there is none.</summary>
    public object? At(int slot) => _values[slot] is var value && value != Absent ? value : null;

    public void Set(int slot, object? value) => _values[slot] = value;
}

/// <summary>The fields an item's body carried, by name or by the model's slot.</summary>
public sealed class ProvidedFields(FieldSlots slots)
{
    private readonly bool[] _provided = new bool[slots.Count];
    private HashSet<string>? _others;

    public void Add(string name)
    {
        if (slots.Of(name) is var slot and >= 0)
        {
            _provided[slot] = true;
        }
        else
        {
            (_others ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }
    }

    public void Add(int slot) => _provided[slot] = true;

    public bool Contains(string name) => slots.Of(name) is var slot and >= 0 ? _provided[slot] : _others?.Contains(name) == true;

    public bool Contains(int slot) => _provided[slot];
}
