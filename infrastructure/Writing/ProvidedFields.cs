namespace Proxbox.Api.Infrastructure.Writing;

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
