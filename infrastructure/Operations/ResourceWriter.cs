using System.Text.Json;
using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Scheduling;
using Proxbox.Api.Infrastructure.Security;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>
/// NetBox's write semantics for any resource, from its declaration: single and bulk create, upsert, update and
/// delete, each one transaction, all or nothing, every reference and uniqueness check done for the whole request
/// at once, and the answer read back through the resource's own SELECT before commit.
/// </summary>
public sealed class ResourceWriter(NpgsqlDataSource database, SecretBox secrets, TokenCache tokens, ScheduleCalendar schedules)
{
    public Task<Outcome> CreateAsync(IResource resource, JsonElement body, ApiUrls urls, Caller caller, CancellationToken ct) =>
        WriteNewAsync(resource, body, urls, caller, upsert: false, ct);

    /// <summary>A create whose items update the row that already holds their natural key (see <see cref="WriteModel.UpsertKey"/>).</summary>
    public Task<Outcome> UpsertAsync(IResource resource, JsonElement body, ApiUrls urls, Caller caller, CancellationToken ct) =>
        WriteNewAsync(resource, body, urls, caller, upsert: true, ct);

    /// <summary>How often an upsert is written again when rows it found are deleted under it (see <see cref="WriteNewAsync"/>).</summary>
    private const int MaxUpsertAttempts = 3;

    private async Task<Outcome> WriteNewAsync(IResource resource, JsonElement body, ApiUrls urls, Caller caller, bool upsert, CancellationToken ct)
    {
        var model = Writable(resource);
        if (ResourceAccess.Scope(resource, caller, Caller.Add) is not { } allowed)
        {
            return Outcome.Forbidden();
        }

        var (items, bulk, early) = BodyParser.ReadCreate(model, body);
        if (early is not null)
        {
            return early;
        }

        await using var conn = await database.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await ValidateAsync(resource, model, items, conn, tx, ct) is { } invalid)
        {
            return bulk ? invalid : new Outcome.Invalid(items[0].Errors);
        }

        try
        {
            var keyFields = model.UpsertKey.Select(model.Field).ToList();
            var keySlots = model.UpsertKey.Select(model.Slots.Of).ToArray();
            var keys = upsert ? items.Select(i => KeyOf(keySlots.Length, (i, keySlots), static (at, k) => at.i.Values.At(at.keySlots[k]))).ToArray() : [];
            if (upsert)
            {
                FoldRepeatedKeys(model, items, keys);
            }

            var parameters = SetWrite.ColumnArrays(model, items, secrets);
            var read = new ReadContext(urls, schedules);
            long[]? previous = null;
            for (var attempt = 1; ; attempt++)
            {
                long[] ids;
                if (upsert)
                {
                    var (keyed, changedExisting) = await UpsertRowsAsync(resource, model, items, keyFields, keys, parameters, conn, tx, ct);
                    if (changedExisting && !caller.May(resource.Identity.ObjectType, Caller.Change))
                    {
                        return Outcome.Forbidden(); // updating a row that exists needs the change permission too
                    }

                    ids = keyed;
                }
                else
                {
                    ids = (await conn.QueryAsync<long>(new CommandDefinition(resource.Statements!.Insert, parameters, tx, cancellationToken: ct))).Order().ToArray();
                }

                for (var i = 0; i < items.Count; i++)
                {
                    items[i].Id = ids[i];
                }

                await SetWrite.WriteRelationsAsync(resource.Identity.TagTable, model, items, conn, tx, ct);
                var distinct = ids.Distinct().ToArray();
                if (bulk)
                {
                    var serialized = await ResourceReader.ReadSerializedAsync(resource, conn, tx, distinct, read, ct, allowed);
                    if (serialized.Count == distinct.Length)
                    {
                        await tx.CommitAsync(ct);
                        tokens.Changed(resource.Identity.ObjectType);
                        return new Outcome.Ok(serialized.Answer(ids, n => items[n].Revealed), StatusCodes.Status201Created);
                    }

                    serialized.Dispose();
                }
                else
                {
                    var written = await ResourceReader.ReadAsync(resource, conn, tx, distinct, read, ordered: false, ct, allowed);
                    if (written.Count == 1)
                    {
                        await tx.CommitAsync(ct);
                        tokens.Changed(resource.Identity.ObjectType);
                        return new Outcome.Ok(Reveal(written[0], items[0]), StatusCodes.Status201Created, urls.Object(resource.Identity.Path, written[0].Id),
                            ETags.Of(written[0]));
                    }
                }

                // Fewer objects read back than written. Either some fall outside the caller's constraints (then the
                // whole request is refused and rolled back), or another client deleted a row that this upsert found
                // already holding the item's values, and so left unlocked, before it was read back: written again, such
                // an item is inserted anew, under a new id. The same ids twice mean constraints.
                if (!upsert || (previous is not null && previous.AsSpan().SequenceEqual(ids)))
                {
                    return Outcome.Forbidden();
                }

                if (attempt == MaxUpsertAttempts)
                {
                    return new Outcome.Failed(StatusCodes.Status409Conflict, "Objects of this request were deleted by another client while it was written; send it again.");
                }

                previous = ids;
            }
        }
        catch (PostgresException error) when (WriteConflicts.Map(model, error) is { } conflict)
        {
            return conflict;
        }
    }

    /// <summary>
    /// Items of one upsert that share a natural key behave as if sent one after the other: a later item also carries
    /// what an earlier one set and it does not (the statement keeps only the last item of a key), and only the last
    /// writes the relations, which would otherwise add an earlier item's tags to the later one's.
    /// </summary>
    private static void FoldRepeatedKeys(WriteModel model, List<WriteItem> items, object[] keys)
    {
        var latest = new Dictionary<object, WriteItem>(items.Count);
        for (var n = 0; n < items.Count; n++)
        {
            var (item, key) = (items[n], keys[n]);
            if (latest.TryGetValue(key, out var earlier))
            {
                foreach (var field in model.Fields.Where(f => earlier.Provided.Contains(f.Name) && !item.Provided.Contains(f.Name)))
                {
                    item.Values[field.Name] = earlier.Values.GetValueOrDefault(field.Name);
                    item.Provided.Add(field.Name);
                }

                foreach (var relation in model.Fields.Where(f => !f.IsColumn))
                {
                    earlier.Values.Remove(relation.Name);
                }
            }

            latest[key] = item;
        }
    }

    /// <summary>
    /// Runs the upsert statement and answers each item's row id, in item order (items with the same key share one),
    /// and whether a row that already existed was rewritten.
    /// </summary>
    private static async Task<(long[] Ids, bool ChangedExisting)> UpsertRowsAsync(IResource resource, WriteModel model, List<WriteItem> items,
        List<WriteField> keyFields, object[] keys, DynamicParameters parameters, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        // Items that each carry every column, under keys that differ, need neither the merge with stored values nor
        // the dropping of earlier duplicates: the shorter statement does the same for them.
        var masks = SetWrite.ProvidedMasks(model, items);
        var complete = (1L << model.ColumnFields.Count()) - 1;
        var distinctKeys = new HashSet<object>(items.Count);
        string statement;
        if (masks.All(mask => mask == complete) && keys.All(distinctKeys.Add))
        {
            statement = resource.Statements!.UpsertComplete!;
        }
        else
        {
            parameters.Add("provided", masks);
            statement = resource.Statements!.Upsert!;
        }

        // Every row the upsert reads it finds by its key's unique index. Right after a first sync the statistics
        // still describe a small table and the plan prepared then reads it whole for each item (a 10,000-item POST
        // timed out that way): for the rest of this transaction, the table scan is off the planner's preferences.
        // A key is answered by its written row, else by the row found before the statement ran (the same row, unless a
        // concurrent delete made this statement insert it anew), which the statement for complete items names by the
        // item's position rather than its key. Read as it streams: ten thousand rows per request.
        var byKey = new Dictionary<object, long>();
        var byPosition = new long[items.Count];
        var changedExisting = false;
        var (inserted, written, position) = (keyFields.Count + 1, keyFields.Count + 2, keyFields.Count + 3);
        await using (var reader = await conn.ExecuteReaderAsync(new CommandDefinition(PlannerSettings.NoTableScans + statement, parameters, tx, cancellationToken: ct)))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                if (reader.GetBoolean(written))
                {
                    byKey[KeyAt(reader, keyFields)] = id;
                    changedExisting |= !reader.GetBoolean(inserted);
                }
                else if (!reader.IsDBNull(position))
                {
                    byPosition[reader.GetInt64(position) - 1] = id;
                }
                else
                {
                    byKey.TryAdd(KeyAt(reader, keyFields), id);
                }
            }
        }

        // Each item's id: its written row's, else the one found at its position or by its key. A row another client
        // inserted after this statement's snapshot, and that this request left unchanged, is in neither half of the
        // statement's answer: ask for those once more.
        var ids = new long[items.Count];
        var missing = new List<int>();
        for (var n = 0; n < items.Count; n++)
        {
            if (byKey.TryGetValue(keys[n], out var id) || (id = byPosition[n]) != 0)
            {
                ids[n] = id;
            }
            else
            {
                missing.Add(n);
            }
        }

        if (missing.Count > 0)
        {
            var lookup = new SqlBuilder();
            var match = string.Join(" AND ", keyFields.Select(f =>
            {
                var array = Array.CreateInstance(f.ElementType, missing.Count);
                for (var i = 0; i < missing.Count; i++)
                {
                    array.SetValue(items[missing[i]].Values[f.Name], i);
                }

                return $"t.{f.Column} = ANY({lookup.Add(array)})";
            }));
            var columns = string.Join(", ", keyFields.Select(f => "t." + f.Column));
            await using var reader = await conn.ExecuteReaderAsync(new CommandDefinition(
                $"SELECT t.id, {columns} FROM {resource.Identity.Table} t WHERE {match}", lookup.Parameters, tx, cancellationToken: ct));
            var found = new Dictionary<object, long>();
            while (await reader.ReadAsync(ct))
            {
                found[KeyAt(reader, keyFields)] = reader.GetInt64(0);
            }

            foreach (var n in missing)
            {
                ids[n] = found[keys[n]];
            }
        }

        return (ids, changedExisting);
    }

    /// <summary>
    /// An upsert key as a dictionary key: a one-field key is its value (compared by Equals, as stored and as parsed
    /// are the same type), a composite key its values joined as text. Thousands of items are keyed per request, so
    /// the common case allocates nothing (<paramref name="source"/> is handed to a static reader rather than captured).
    /// </summary>
    private static object KeyOf<TSource>(int fields, TSource source, Func<TSource, int, object?> valueAt) => fields == 1
        ? valueAt(source, 0) ?? DBNull.Value
        : string.Join('\u0001', Enumerable.Range(0, fields).Select(k => Convert.ToString(valueAt(source, k), System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The key of a row read as <c>id, key columns…</c> (both of the upsert's reads answer in that shape).</summary>
    private static object KeyAt(System.Data.Common.DbDataReader reader, List<WriteField> keyFields) =>
        KeyOf(keyFields.Count, (reader, keyFields), static (at, k) => at.keyFields[k].FromDatabase(at.reader.GetValue(1 + k)));

    /// <summary>PUT/PATCH of one object (<paramref name="id"/> given) or of a list (<c>[{"id": …}, …]</c>).</summary>
    public async Task<Outcome> UpdateAsync(IResource resource, long? id, JsonElement body, bool partial, string? ifMatch, ApiUrls urls, Caller caller,
        CancellationToken ct)
    {
        var model = Writable(resource);
        if (ResourceAccess.Scope(resource, caller, Caller.Change) is not { } allowed)
        {
            return Outcome.Forbidden();
        }

        List<(long Id, JsonElement Element)> changes;
        if (id is long single)
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return BodyParser.NonFieldError($"Invalid data. Expected a dictionary, but got {PythonType.Of(body)}.");
            }

            changes = [(single, body)];
        }
        else
        {
            var (parsed, errors) = BodyParser.ReadBulkIds(body);
            if (errors is not null)
            {
                return errors;
            }

            changes = parsed!;
            if (changes.Count == 0)
            {
                return new Outcome.Ok(Array.Empty<object>());
            }
        }

        await using var conn = await database.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Objects the caller may not change are skipped like unknown ids (a detail URL answers 404).
        var stored = await LoadForUpdateAsync(resource.Identity, model, changes.Select(c => c.Id).Distinct().ToArray(), allowed, conn, tx, ct);
        if (id is not null)
        {
            if (stored.Count == 0)
            {
                return ResourceAccess.NotFound(resource);
            }

            var etag = stored[0].StoredLastUpdated is DateTime stamp ? ETags.Of(stamp) : null;
            if (!ETags.Matches(ifMatch, etag))
            {
                return new Outcome.Failed(StatusCodes.Status412PreconditionFailed, "Precondition failed.", etag);
            }
        }

        // Ids that do not exist are skipped, as NetBox's bulk update does; repeats apply in order.
        var byId = stored.ToDictionary(item => item.Id!.Value);
        foreach (var (targetId, element) in changes)
        {
            if (byId.TryGetValue(targetId, out var item))
            {
                BodyParser.Read(model, item, element, creating: false, partial);
            }
        }

        if (await ValidateAsync(resource, model, stored, conn, tx, ct) is not null)
        {
            // NetBox validates bulk updates one object at a time and reports the first failure as a plain dict.
            return new Outcome.Invalid(stored.First(i => i.HasErrors).Errors);
        }

        try
        {
            var parameters = SetWrite.ColumnArrays(model, stored, secrets);
            parameters.Add("id", stored.Select(i => i.Id!.Value).ToArray());
            await conn.ExecuteAsync(new CommandDefinition(resource.Statements!.Update, parameters, tx, cancellationToken: ct));
            await SetWrite.WriteRelationsAsync(resource.Identity.TagTable, model, stored, conn, tx, ct);
            var stillAllowed = ResourceAccess.Scope(resource, caller, Caller.Change)!;
            var updated = await ResourceReader.ReadAsync(resource, conn, tx, stored.Select(i => i.Id!.Value).ToArray(), new ReadContext(urls, schedules), ordered: id is null, ct, stillAllowed);
            if (updated.Count != stored.Count)
            {
                return Outcome.Forbidden(); // the change would move an object outside the caller's constraints
            }

            await tx.CommitAsync(ct);
            tokens.Changed(resource.Identity.ObjectType);
            var answers = updated.Select(o => Reveal(o, byId[o.Id])).ToList();
            return id is null ? new Outcome.Ok(answers) : new Outcome.Ok(answers[0], ETag: ETags.Of(updated[0]));
        }
        catch (PostgresException error) when (WriteConflicts.Map(model, error) is { } conflict)
        {
            return conflict;
        }
    }

    /// <summary>DELETE of one object, or of a list (<c>[{"id": …}, …]</c>; unknown ids are skipped).</summary>
    public async Task<Outcome> DeleteAsync(IResource resource, long? id, JsonElement? body, string? ifMatch, Caller caller, CancellationToken ct)
    {
        if (ResourceAccess.Scope(resource, caller, Caller.Delete) is not { } allowed)
        {
            return Outcome.Forbidden();
        }

        long[] ids;
        if (id is long single)
        {
            ids = [single];
        }
        else
        {
            // An absent body on the list URL is an empty list: nothing to delete.
            var (parsed, errors) = body is { } list ? BodyParser.ReadBulkIds(list) : ([], null);
            if (errors is not null)
            {
                return errors;
            }

            ids = parsed!.Select(c => c.Id).Distinct().ToArray();
            if (ids.Length == 0)
            {
                return new Outcome.NoContent();
            }
        }

        var (table, alias) = (resource.Identity.Table, resource.Identity.Alias);
        await using var conn = await database.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (id is not null && !string.IsNullOrWhiteSpace(ifMatch))
        {
            var stamp = await conn.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
                $"SELECT last_updated FROM {table} WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
            var etag = stamp is DateTime s ? ETags.Of(s) : null;
            if (etag is not null && !ETags.Matches(ifMatch, etag))
            {
                return new Outcome.Failed(StatusCodes.Status412PreconditionFailed, "Precondition failed.", etag);
            }
        }

        try
        {
            // Only the permitted subset is deleted; the rest is skipped like unknown ids. Rows are locked in id order
            // first, so two bulk deletes over the same rows in opposite orders cannot deadlock.
            var deleted = await conn.ExecuteAsync(new CommandDefinition(
                $"""
                DELETE FROM {table} AS {alias} WHERE {alias}.id IN (
                    SELECT {alias}.id FROM {table} AS {alias} WHERE {alias}.id = ANY({allowed.Add(ids)}) AND {allowed.WhereSql}
                    ORDER BY {alias}.id FOR UPDATE)
                """, allowed.Parameters, tx, cancellationToken: ct));
            if (id is not null && deleted == 0)
            {
                return ResourceAccess.NotFound(resource);
            }

            await tx.CommitAsync(ct);
            tokens.Changed(resource.Identity.ObjectType);
            return new Outcome.NoContent();
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return new Outcome.Failed(StatusCodes.Status409Conflict, await DependentObjects.DescribeAsync(database, error, ids, ct));
        }
    }

    private static WriteModel Writable(IResource resource) =>
        resource.Writes ?? throw new InvalidOperationException($"{resource.Identity.ModelName} is read-only; its module must not map writes.");

    /// <summary>References, the model's own rules, then uniqueness; null when every item is valid.</summary>
    private static async Task<Outcome?> ValidateAsync(IResource resource, WriteModel model, List<WriteItem> items,
        NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await ReferenceResolver.ResolveAsync(items, model.Fields, conn, tx, ct);
        foreach (var item in items.Where(i => !i.HasErrors))
        {
            model.Validate?.Invoke(item);
        }

        if (model.CheckAsync is not null && items.Any(i => !i.HasErrors))
        {
            await model.CheckAsync(items.Where(i => !i.HasErrors).ToList(), conn, tx, ct);
        }

        await Uniqueness.CheckAsync(resource.Identity.Table, model, items, conn, tx, ct);
        return items.Any(i => i.HasErrors) ? BodyParser.PerItemErrors(items) : null;
    }

    /// <summary>
    /// The stored values of the rows to update, locked in id order (so concurrent bulk updates cannot deadlock). The
    /// lock is the one PostgreSQL's own UPDATE takes (NO KEY UPDATE): it still queues concurrent updates and deletes of
    /// the same rows, but not other writers' foreign-key checks on them. FOR UPDATE blocked those, and since a
    /// request writing references locks their targets in its own order (tagging VMs while the tags are edited), the two
    /// deadlocked under load.
    /// </summary>
    private static async Task<List<WriteItem>> LoadForUpdateAsync(ResourceIdentity identity, WriteModel model, long[] ids, SqlBuilder scope,
        NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var fields = model.ColumnFields.ToList();
        var alias = identity.Alias;
        var columns = string.Join("", fields.Select(f => $", {f.StoredValue(alias)} AS {f.Column}"));
        var rows = await conn.QueryAsync(new CommandDefinition(
            $"""
            SELECT {alias}.id, {alias}.last_updated{columns} FROM {identity.From}
            WHERE {alias}.id = ANY({scope.Add(ids)}) AND {scope.WhereSql} ORDER BY {alias}.id FOR NO KEY UPDATE OF {alias}
            """, scope.Parameters, tx, cancellationToken: ct));
        var items = new List<WriteItem>();
        foreach (IDictionary<string, object?> row in rows)
        {
            var item = new WriteItem(model) { Id = (long)row["id"]!, StoredLastUpdated = row["last_updated"] as DateTime? };
            foreach (var field in fields)
            {
                item.Values[field.Name] = field.FromDatabase(row[field.Column]);
            }

            items.Add(item);
        }

        return items;
    }

    /// <summary>
    /// An object as read back, plus any secret the service generated for it (shown this once, e.g. a FastAPI
    /// endpoint's token); the object itself when there is none.
    /// </summary>
    private static object Reveal(IApiObject written, WriteItem item)
    {
        if (item.Revealed.Count == 0)
        {
            return written;
        }

        var node = JsonSerializer.SerializeToNode(written, written.GetType(), ApiJson.Options)!.AsObject();
        foreach (var (field, plaintext) in item.Revealed)
        {
            node[field] = plaintext;
        }

        return node;
    }
}
