using System.Text.Json;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary><c>?brief</c>, <c>?fields</c>, <c>?omit</c>: which keys of each object to keep. <c>fields</c> wins over <c>omit</c>, both over <c>brief</c>.</summary>
public sealed class ResponseShape
{
    private readonly HashSet<string>? _keep;
    private readonly HashSet<string>? _drop;

    private ResponseShape(HashSet<string>? keep, HashSet<string>? drop)
    {
        _keep = keep;
        _drop = drop;
    }

    public static ResponseShape Full { get; } = new(null, null);

    public bool IsFull => _keep is null && _drop is null;

    public static ResponseShape Parse(ListQuery query, IReadOnlyList<string> briefFields)
    {
        if (query.Last("fields") is { Length: > 0 } fields)
        {
            return new ResponseShape(fields.Split(',').ToHashSet(StringComparer.Ordinal), null);
        }

        if (query.Last("omit") is { Length: > 0 } omit)
        {
            return new ResponseShape(null, omit.Split(',').ToHashSet(StringComparer.Ordinal));
        }

        // NetBox turns brief on for any non-empty value, even brief=false.
        return query.Last("brief") is { Length: > 0 } && briefFields.Count > 0
            ? new ResponseShape(briefFields.ToHashSet(StringComparer.Ordinal), null)
            : Full;
    }

    /// <summary>The object itself when nothing is masked (the fast path), else a JSON object with the kept keys.</summary>
    public object Apply(object item)
    {
        if (IsFull)
        {
            return item;
        }

        var node = JsonSerializer.SerializeToNode(item, item.GetType(), ApiJson.Options)!.AsObject();
        foreach (var key in node.Select(p => p.Key).ToList())
        {
            if ((_keep is not null && !_keep.Contains(key)) || (_drop is not null && _drop.Contains(key)))
            {
                node.Remove(key);
            }
        }

        return node;
    }
}
