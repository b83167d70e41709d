namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>The fields an item's body carried, by name or by the model's slot.</summary>
public sealed class ProvidedFields(FieldSlots slots)
{
    private readonly bool[] _provided = new bool[slots.Count];

    public void Add(string name) => _provided[slots.Of(name)] = true;

    public void Add(int slot) => _provided[slot] = true;

    public bool Contains(string name) => _provided[slots.Of(name)];

    public bool Contains(int slot) => _provided[slot];
}
