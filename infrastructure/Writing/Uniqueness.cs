using Dapper;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// Checks a write's unique rules before it runs: against stored rows (one query per rule for the whole
/// request) and between the items of one request, so every offending item gets NetBox's message. The unique
/// constraint itself stays the guard against races; <see cref="Message"/> maps its violation.
/// </summary>
public static class Uniqueness
{
    public static async Task CheckAsync(string table, WriteModel model, IReadOnlyList<WriteItem> items, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        // A POST that upserts on a key updates the row holding it: that key is not a conflict.
        foreach (var rule in model.Unique.Where(r => !r.Fields.Order().SequenceEqual(model.UpsertKey.Order())))
        {
            var fields = rule.Fields.Select(model.Field).ToArray();
            var candidates = items.Where(i => !i.HasErrors && fields.All(f => i.Values.GetValueOrDefault(f.Name) is not null)).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            string Key(IEnumerable<object?> values) => string.Join('\u0001', values.Zip(fields, (v, f) =>
                rule.CaseInsensitive.Contains(f.Name) ? v?.ToString()?.ToLowerInvariant() : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));

            var parameters = new DynamicParameters();
            for (var k = 0; k < fields.Length; k++)
            {
                var field = fields[k];
                var array = Array.CreateInstance(field.ElementType, candidates.Count);
                for (var i = 0; i < candidates.Count; i++)
                {
                    array.SetValue(candidates[i].Values[field.Name], i);
                }

                parameters.Add("k" + k, array);
            }

            var unnest = string.Join(", ", fields.Select((f, k) => $"@k{k}::{f.SqlType}[]"));
            var names = string.Join(", ", fields.Select((_, k) => "k" + k));
            var match = string.Join(" AND ", fields.Select((f, k) => rule.CaseInsensitive.Contains(f.Name)
                ? $"lower(t.{f.Column}) = lower(v.k{k})"
                : $"t.{f.Column} = v.k{k}"));
            var select = string.Join(", ", fields.Select(f => $"t.{f.Column}"));
            var existing = (await conn.QueryAsync(new CommandDefinition(
                    $"SELECT DISTINCT t.id, {select} FROM {table} t JOIN unnest({unnest}) AS v({names}) ON {match}", parameters, tx, cancellationToken: ct)))
                .Cast<IDictionary<string, object?>>()
                .GroupBy(row => Key(fields.Select(f => f.FromDatabase(row[f.Column]))), row => (long)row["id"]!)
                .ToDictionary(g => g.Key, g => g.ToHashSet());

            var claimed = new Dictionary<string, long?>();
            foreach (var item in candidates)
            {
                var key = Key(fields.Select(f => item.Values[f.Name]));
                var taken = (existing.TryGetValue(key, out var holders) && holders.Any(id => id != item.Id))
                            || (claimed.TryGetValue(key, out var owner) && (owner is null || owner != item.Id));
                if (taken)
                {
                    item.AddError(rule.ErrorKey, rule.Message);
                }
                else
                {
                    claimed[key] = item.Id;
                }
            }
        }
    }
}
