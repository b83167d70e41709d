namespace Proxbox.Api.Infrastructure.Writing;

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
