using Dapper;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// Resolves every reference of a write to ids in one query per target (and per attribute set), never per row.
/// </summary>
public static class ReferenceResolver
{
    public static async Task ResolveAsync(IReadOnlyList<WriteItem> items, IReadOnlyList<WriteField> fields, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var pending = new List<(WriteItem Item, WriteField Field, ReferenceTarget Target, Reference Reference, int? Index)>(items.Count);
        var referring = fields.Where(f => f is ForeignKeyField or ManyToManyField).ToArray();
        foreach (var item in items)
        {
            foreach (var field in referring)
            {
                switch (field, item.Values.GetValueOrDefault(field.Name))
                {
                    case (ForeignKeyField fk, Reference reference):
                        pending.Add((item, field, fk.Target, reference, null));
                        break;
                    case (ManyToManyField many, IReadOnlyList<Reference> references):
                        for (var i = 0; i < references.Count; i++)
                        {
                            pending.Add((item, field, many.Target, references[i], i));
                        }

                        break;
                }
            }
        }

        // By position in pending: thousands of references in a bulk write, looked up by index rather than hashed.
        var resolved = new long[pending.Count];
        var failures = new string?[pending.Count];

        foreach (var table in pending.Where(p => p.Reference is Reference.ById).Select(p => p.Target.Table).Distinct())
        {
            var ids = new HashSet<long>();
            foreach (var p in pending)
            {
                if (p.Reference is Reference.ById byId && p.Target.Table == table)
                {
                    ids.Add(byId.Id);
                }
            }

            var found = (await conn.QueryAsync<long>(new CommandDefinition(
                $"SELECT r.id FROM {table} r WHERE r.id = ANY(@ids)", new { ids = ids.ToArray() }, tx, cancellationToken: ct))).ToHashSet();
            for (var index = 0; index < pending.Count; index++)
            {
                if (pending[index] is { Reference: Reference.ById { Id: var id } } p && p.Target.Table == table)
                {
                    if (found.Contains(id))
                    {
                        resolved[index] = id;
                    }
                    else
                    {
                        failures[index] = $"Related object not found using the provided numeric ID: {id}";
                    }
                }
            }
        }

        var byAttributes = pending.Select((p, index) => (p, index)).Where(x => x.p.Reference is Reference.ByAttributes)
            .GroupBy(x => (x.p.Target.Table, Keys: string.Join(',', ((Reference.ByAttributes)x.p.Reference).Attributes.Select(a => a.Key))));
        foreach (var group in byAttributes)
        {
            var target = group.First().p.Target;
            var keys = ((Reference.ByAttributes)group.First().p.Reference).Attributes.Select(a => a.Key).ToArray();
            var parameters = new DynamicParameters();
            parameters.Add("ord", group.Select(x => x.index).ToArray());
            for (var k = 0; k < keys.Length; k++)
            {
                var position = k;
                parameters.Add("a" + k, group.Select(x => ((Reference.ByAttributes)x.p.Reference).Attributes[position].Value).ToArray());
            }

            // Compared as text: attribute lookups are a convenience path, and the values arrive as JSON scalars.
            var columns = string.Join(", ", keys.Select((_, k) => "a" + k));
            var casts = string.Join(", ", keys.Select((_, k) => $"@a{k}::text[]"));
            var match = string.Join(" AND ", keys.Select((key, k) => $"t.{target.Lookups[key]}::text IS NOT DISTINCT FROM v.a{k}"));
            var matches = await conn.QueryAsync<(int Ord, long Id)>(new CommandDefinition(
                $"SELECT v.ord, t.id FROM {target.Table} t JOIN unnest(@ord::int[], {casts}) AS v(ord, {columns}) ON {match}",
                parameters, tx, cancellationToken: ct));
            var byOrd = matches.GroupBy(m => m.Ord).ToDictionary(g => g.Key, g => g.Select(m => m.Id).Distinct().ToList());
            foreach (var (p, index) in group)
            {
                var repr = ((Reference.ByAttributes)p.Reference).Repr;
                switch (byOrd.GetValueOrDefault(index))
                {
                    case [var id]:
                        resolved[index] = id;
                        break;
                    case null or []:
                        failures[index] = $"Related object not found using the provided attributes: {repr}";
                        break;
                    default:
                        failures[index] = $"Multiple objects match the provided attributes: {repr}";
                        break;
                }
            }
        }

        var tagIds = new Dictionary<(WriteItem, WriteField), List<long>>();
        for (var index = 0; index < pending.Count; index++)
        {
            var (item, field, _, _, tagIndex) = pending[index];
            if (failures[index] is { } failure)
            {
                item.AddError(field.Name, failure);
            }
            else if (tagIndex is null)
            {
                item.Values[field.Name] = resolved[index];
            }
            else
            {
                (tagIds.TryGetValue((item, field), out var list) ? list : tagIds[(item, field)] = []).Add(resolved[index]);
            }
        }

        // A list becomes ids only when every one of its references resolved; an empty list clears the relation.
        var lists = fields.OfType<ManyToManyField>().ToArray();
        foreach (var item in lists.Length == 0 ? [] : items)
        {
            foreach (var field in lists)
            {
                if (item.Values.GetValueOrDefault(field.Name) is IReadOnlyList<Reference> && !item.HasErrorFor(field.Name))
                {
                    item.Values[field.Name] = tagIds.TryGetValue((item, field), out var ids) ? ids.Distinct().ToArray() : Array.Empty<long>();
                }
            }
        }
    }
}
