namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// An item's values by field name, as a dictionary would hold them (a field may hold no value, which is not the same
/// as null), stored in the model's slots.
/// </summary>
public sealed class FieldValues
{
    private static readonly object Absent = new();
    private readonly FieldSlots _slots;
    private readonly object?[] _values;

    public FieldValues(FieldSlots slots)
    {
        _slots = slots;
        _values = new object?[slots.Count];
        Array.Fill(_values, Absent);
    }

    /// <exception cref="KeyNotFoundException">The item holds no value for <paramref name="name"/>.</exception>
    public object? this[string name]
    {
        get => _values[_slots.Of(name)] is var value && value != Absent ? value : throw new KeyNotFoundException(name);
        set => _values[_slots.Of(name)] = value;
    }

    /// <summary>The value held for <paramref name="name"/>, null when there is none.</summary>
    public object? GetValueOrDefault(string name) => At(_slots.Of(name));

    public void Remove(string name) => _values[_slots.Of(name)] = Absent;

    /// <summary>The value in the model's field <paramref name="slot"/>, null when there is none.</summary>
    public object? At(int slot) => _values[slot] is var value && value != Absent ? value : null;

    public void Set(int slot, object? value) => _values[slot] = value;
}
