using System.Collections.ObjectModel;
using System.Text.Json.Nodes;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>One object of a write: its values by field name (merged over the stored row for updates) and its errors.</summary>
/// <param name="model">The model whose fields the item holds.</param>
public sealed class WriteItem(WriteModel model)
{
    private JsonObject? _errors;

    /// <summary>The row's id when updating; set after insert when creating.</summary>
    public long? Id { get; set; }

    public FieldValues Values { get; } = new(model.Slots);

    /// <summary>The fields the body actually carried.</summary>
    public ProvidedFields Provided { get; } = new(model.Slots);

    /// <summary>The stored <c>last_updated</c> of the row being updated (If-Match).</summary>
    public DateTime? StoredLastUpdated { get; set; }

    public bool HasErrors => _errors is not null;

    public JsonObject Errors => _errors ?? [];

    public bool HasErrorFor(string key) => _errors?.ContainsKey(key) == true;

    public void AddError(string key, string message)
    {
        _errors ??= [];
        if (_errors[key] is JsonArray list)
        {
            list.Add(message);
        }
        else
        {
            _errors[key] = new JsonArray(message);
        }
    }

    private Dictionary<string, string>? _revealed;

    /// <summary>Generated secrets to show once in this write's response, by field name (rare: made when first set).</summary>
    public IReadOnlyDictionary<string, string> Revealed => (IReadOnlyDictionary<string, string>?)_revealed ?? ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Sets a secret the service generated: stored sealed, shown once in the response.</summary>
    public void Generate(string field, string plaintext)
    {
        Values[field] = plaintext;
        Provided.Add(field);
        (_revealed ??= new Dictionary<string, string>(StringComparer.Ordinal))[field] = plaintext;
    }

    public string? Text(string field) => Values.GetValueOrDefault(field) as string;
}
