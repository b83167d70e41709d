using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Security;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// NetBox's write semantics for any resource, from its declaration (contract §4): single and bulk create, update
/// and delete, each one transaction, all or nothing, every reference and uniqueness check done for the whole
/// request at once, and the answer read back through the resource's own SELECT before commit.
/// </summary>
public sealed class ResourceWriter(Database.Database database, SecretBox secrets, TokenCache tokens)
{
    public async Task<Outcome> CreateAsync<TRow, TResponse>(Resource<TRow, TResponse> resource, JsonElement body, ApiUrls urls, Caller caller, CancellationToken ct)
        where TResponse : class, IApiObject
    {
        var model = Writable(resource);
        if (ResourceReader.Scope(resource, caller, Caller.Add) is not { } allowed)
        {
            return Outcome.Forbidden();
        }

        var (items, bulk, early) = ParseCreate(model, body);
        if (early is not null)
        {
            return early;
        }

        await using var conn = await database.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await ValidateAsync(resource, model, items, conn, tx, ct) is { } invalid)
        {
            return bulk ? invalid : new Outcome.Invalid(items[0].Errors);
        }

        try
        {
            var insert = model.InsertSql ?? throw new InvalidOperationException($"{resource.Info.ModelName} is created by its own operation.");
            var ids = (await conn.QueryAsync<long>(new CommandDefinition(insert, ColumnArrays(model, items, secrets), tx, cancellationToken: ct)))
                .Order().ToArray();
            for (var i = 0; i < items.Count; i++)
            {
                items[i].Id = ids[i];
            }

            await WriteRelationsAsync(resource.Info, model, items, conn, tx, ct);
            var created = await ResourceReader.ReadAsync(resource, conn, tx, ids, urls, ordered: false, ct, allowed);
            if (created.Count != ids.Length)
            {
                return Outcome.Forbidden(); // a created object falls outside the caller's constraints: roll it all back
            }

            await tx.CommitAsync(ct);
            tokens.Changed(resource.Info.ObjectType);
            var answers = Reveal(created, items);
            return bulk
                ? new Outcome.Ok(answers, StatusCodes.Status201Created)
                : new Outcome.Ok(answers[0], StatusCodes.Status201Created, urls.Object(resource.Info.Path, created[0].Id), ETags.Of(created[0]));
        }
        catch (PostgresException error) when (WriteConflict(model, error) is { } conflict)
        {
            return conflict;
        }
    }

    /// <summary>PUT/PATCH of one object (<paramref name="id"/> given) or of a list (<c>[{"id": …}, …]</c>).</summary>
    public async Task<Outcome> UpdateAsync<TRow, TResponse>(Resource<TRow, TResponse> resource, long? id, JsonElement body, bool partial,
        string? ifMatch, ApiUrls urls, Caller caller, CancellationToken ct)
        where TResponse : class, IApiObject
    {
        var model = Writable(resource);
        if (ResourceReader.Scope(resource, caller, Caller.Change) is not { } allowed)
        {
            return Outcome.Forbidden();
        }

        List<(long Id, JsonElement Element)> changes;
        if (id is long single)
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return NonFieldError($"Invalid data. Expected a dictionary, but got {PythonType.Of(body)}.");
            }

            changes = [(single, body)];
        }
        else
        {
            var (parsed, errors) = BulkIds(body);
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

        await using var conn = await database.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Objects the caller may not change are skipped like unknown ids (a detail URL answers 404).
        var stored = await LoadForUpdateAsync(resource.Info, model, changes.Select(c => c.Id).Distinct().ToArray(), allowed, conn, tx, ct);
        if (id is not null)
        {
            if (stored.Count == 0)
            {
                return ResourceReader.NotFound(resource);
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
                Merge(model, item, element, partial);
            }
        }

        if (await ValidateAsync(resource, model, stored, conn, tx, ct) is not null)
        {
            // NetBox validates bulk updates one object at a time and reports the first failure as a plain dict.
            return new Outcome.Invalid(stored.First(i => i.HasErrors).Errors);
        }

        try
        {
            var parameters = ColumnArrays(model, stored, secrets);
            parameters.Add("id", stored.Select(i => i.Id!.Value).ToArray());
            var update = model.UpdateSql ?? throw new InvalidOperationException($"{resource.Info.ModelName} cannot be updated.");
            await conn.ExecuteAsync(new CommandDefinition(update, parameters, tx, cancellationToken: ct));
            await WriteRelationsAsync(resource.Info, model, stored, conn, tx, ct);
            var stillAllowed = ResourceReader.Scope(resource, caller, Caller.Change)!;
            var updated = await ResourceReader.ReadAsync(resource, conn, tx, stored.Select(i => i.Id!.Value).ToArray(), urls, ordered: id is null, ct, stillAllowed);
            if (updated.Count != stored.Count)
            {
                return Outcome.Forbidden(); // the change would move an object outside the caller's constraints
            }

            await tx.CommitAsync(ct);
            tokens.Changed(resource.Info.ObjectType);
            var answers = Reveal(updated, stored);
            return id is null ? new Outcome.Ok(answers) : new Outcome.Ok(answers[0], ETag: ETags.Of(updated[0]));
        }
        catch (PostgresException error) when (WriteConflict(model, error) is { } conflict)
        {
            return conflict;
        }
    }

    /// <summary>DELETE of one object, or of a list (<c>[{"id": …}, …]</c>; unknown ids are skipped).</summary>
    public async Task<Outcome> DeleteAsync<TRow, TResponse>(Resource<TRow, TResponse> resource, long? id, JsonElement? body, string? ifMatch, Caller caller, CancellationToken ct)
        where TResponse : class, IApiObject
    {
        if (ResourceReader.Scope(resource, caller, Caller.Delete) is not { } allowed)
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
            var (parsed, errors) = body is { } list ? BulkIds(list) : ([], null);
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

        var (table, alias) = (resource.Info.Table, resource.Info.Alias);
        await using var conn = await database.DataSource.OpenConnectionAsync(ct);
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
            // Only the permitted subset is deleted; the rest is skipped like unknown ids.
            var deleted = await conn.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {table} AS {alias} WHERE {alias}.id = ANY({allowed.Add(ids)}) AND {allowed.WhereSql}", allowed.Parameters, tx, cancellationToken: ct));
            if (id is not null && deleted == 0)
            {
                return ResourceReader.NotFound(resource);
            }

            await tx.CommitAsync(ct);
            tokens.Changed(resource.Info.ObjectType);
            return new Outcome.NoContent();
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return new Outcome.Failed(StatusCodes.Status409Conflict, await DependentObjects.DescribeAsync(database, error, ids, ct));
        }
    }

    private static WriteModel Writable<TRow, TResponse>(Resource<TRow, TResponse> resource) where TResponse : class, IApiObject =>
        resource.Writes ?? throw new InvalidOperationException($"{resource.Info.ModelName} is read-only; its module must not map writes.");

    /// <summary>
    /// A create body, one object or a list of them, parsed item by item; or the answer when there is nothing to
    /// create (an empty list) or the body is neither.
    /// </summary>
    public static (List<WriteItem> Items, bool Bulk, Outcome? Answer) ParseCreate(WriteModel model, JsonElement body)
    {
        var bulk = body.ValueKind == JsonValueKind.Array;
        if (!bulk && body.ValueKind != JsonValueKind.Object)
        {
            return ([], false, NonFieldError($"Invalid data. Expected a dictionary, but got {PythonType.Of(body)}."));
        }

        var items = (bulk ? body.EnumerateArray().ToList() : [body]).Select(element => ParseNew(model, element)).ToList();
        return (items, bulk, items.Count == 0 ? new Outcome.Ok(Array.Empty<object>(), StatusCodes.Status201Created) : null);
    }

    /// <summary>DRF's answer to an invalid bulk create: an array aligned with the items, <c>{}</c> for the valid ones.</summary>
    public static Outcome.Invalid PerItemErrors(IEnumerable<WriteItem> items) =>
        new(new JsonArray(items.Select(i => (JsonNode)(i.HasErrors ? i.Errors : new JsonObject())).ToArray()));

    /// <summary>One object of a create: its fields parsed, defaults filled, errors collected (no database work yet).</summary>
    private static WriteItem ParseNew(WriteModel model, JsonElement element)
    {
        var item = new WriteItem();
        if (element.ValueKind != JsonValueKind.Object)
        {
            item.AddError("non_field_errors", $"Invalid data. Expected a dictionary, but got {PythonType.Of(element)}.");
            return item;
        }

        foreach (var field in model.Fields)
        {
            if (element.TryGetProperty(field.Name, out var value))
            {
                item.Provided.Add(field.Name);
                var parsed = field.Parse(value);
                if (parsed.Error is not null)
                {
                    item.AddError(field.Name, parsed.Error);
                }
                else
                {
                    item.Values[field.Name] = field is CustomFieldsField ? CustomFieldsField.WithoutNulls((string)parsed.Value!) : parsed.Value;
                }
            }
            else if (field.Required)
            {
                item.AddError(field.Name, "This field is required.");
            }
            else
            {
                item.Values[field.Name] = field is ManyToManyField ? null : field.DefaultValue;
            }
        }

        return item;
    }

    private static void Merge(WriteModel model, WriteItem item, JsonElement element, bool partial)
    {
        foreach (var field in model.Fields)
        {
            if (element.TryGetProperty(field.Name, out var value))
            {
                item.Provided.Add(field.Name);
                var parsed = field.Parse(value);
                if (parsed.Error is not null)
                {
                    item.AddError(field.Name, parsed.Error);
                }
                else
                {
                    item.Values[field.Name] = field is CustomFieldsField
                        ? CustomFieldsField.Merge(item.Values.GetValueOrDefault(field.Name) as string, (string)parsed.Value!)
                        : parsed.Value;
                }
            }
            else if (!partial && field.Required)
            {
                item.AddError(field.Name, "This field is required.");
            }
        }
    }

    /// <summary>References, the model's own rules, then uniqueness; null when every item is valid.</summary>
    private static async Task<Outcome?> ValidateAsync<TRow, TResponse>(Resource<TRow, TResponse> resource, WriteModel model, List<WriteItem> items,
        NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
        where TResponse : class, IApiObject
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

        await Uniqueness.CheckAsync(resource.Info.Table, model, items, conn, tx, ct);
        return items.Any(i => i.HasErrors) ? PerItemErrors(items) : null;
    }

    private static async Task<List<WriteItem>> LoadForUpdateAsync(ResourceInfo info, WriteModel model, long[] ids, SqlBuilder scope,
        NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var fields = model.ColumnFields.ToList();
        var columns = string.Join("", fields.Select(f => $", {f.StoredValue(info.Alias)} AS {f.Column}"));
        var rows = await conn.QueryAsync(new CommandDefinition(
            $"""
            SELECT {info.Alias}.id, {info.Alias}.last_updated{columns} FROM {info.Table} {info.Alias}
            WHERE {info.Alias}.id = ANY({scope.Add(ids)}) AND {scope.WhereSql} ORDER BY {info.Alias}.id FOR UPDATE OF {info.Alias}
            """, scope.Parameters, tx, cancellationToken: ct));
        var items = new List<WriteItem>();
        foreach (IDictionary<string, object?> row in rows)
        {
            var item = new WriteItem() { Id = (long)row["id"]!, StoredLastUpdated = row["last_updated"] as DateTime? };
            foreach (var field in fields)
            {
                item.Values[field.Name] = field.FromDatabase(row[field.Column]);
            }

            items.Add(item);
        }

        return items;
    }

    /// <summary>
    /// Objects as read back, plus any secret the service generated for them (shown this once, e.g. a FastAPI
    /// endpoint's token); the objects themselves when there is none.
    /// </summary>
    private static List<object> Reveal<TResponse>(List<TResponse> objects, IReadOnlyList<WriteItem> items) where TResponse : class, IApiObject =>
        objects.Select(o => items.FirstOrDefault(i => i.Id == o.Id) is { Revealed.Count: > 0 } item
            ? WithRevealed(o, item.Revealed)
            : (object)o).ToList();

    private static JsonObject WithRevealed(object item, Dictionary<string, string> revealed)
    {
        var node = JsonSerializer.SerializeToNode(item, item.GetType(), ApiJson.Options)!.AsObject();
        foreach (var (field, plaintext) in revealed)
        {
            node[field] = plaintext;
        }

        return node;
    }

    /// <summary>
    /// One array parameter per column, named after it, holding every item's value in item order. Secrets a request
    /// gave are sealed here, at the last moment before storage; stored secrets pass through sealed as they are.
    /// </summary>
    private static DynamicParameters ColumnArrays(WriteModel model, IReadOnlyList<WriteItem> items, SecretBox secrets)
    {
        var parameters = new DynamicParameters();
        foreach (var field in model.ColumnFields)
        {
            var element = field.ElementType.IsValueType ? typeof(Nullable<>).MakeGenericType(field.ElementType) : field.ElementType;
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var value = items[i].Values.GetValueOrDefault(field.Name);
                array.SetValue(field is SecretField && items[i].Provided.Contains(field.Name) && value is string { Length: > 0 } plaintext
                    ? secrets.Encrypt(plaintext)
                    : value, i);
            }

            parameters.Add(field.Column, array);
        }

        return parameters;
    }

    /// <summary>Replaces the assignment rows of every many-to-many field an item carries (tags, a permission's users).</summary>
    private static async Task WriteRelationsAsync(ResourceInfo info, WriteModel model, IReadOnlyList<WriteItem> items,
        NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        foreach (var field in model.Fields.OfType<ManyToManyField>())
        {
            var table = field.Table ?? info.TagTable ?? throw new InvalidOperationException($"{info.ModelName} has a tags field but no tag table.");
            var carried = items.Where(i => i.Values.GetValueOrDefault(field.Name) is long[]).ToList();
            if (carried.Count == 0)
            {
                continue;
            }

            var pairs = carried.SelectMany(i => ((long[])i.Values[field.Name]!).Select(target => (Owner: i.Id!.Value, Target: target))).ToList();
            await conn.ExecuteAsync(new CommandDefinition(
                $"""
                DELETE FROM {table} WHERE {field.OwnerColumn} = ANY(@owners);
                INSERT INTO {table} ({field.OwnerColumn}, {field.TargetColumn}) SELECT * FROM unnest(@o::bigint[], @t::bigint[]) ON CONFLICT DO NOTHING;
                """,
                new { owners = carried.Select(i => i.Id!.Value).ToArray(), o = pairs.Select(p => p.Owner).ToArray(), t = pairs.Select(p => p.Target).ToArray() },
                tx, cancellationToken: ct));
        }
    }

    /// <summary>
    /// The id list of a bulk update or delete: <c>[{"id": 1}, …]</c>. A body that is not a list, or items without
    /// an integer id, are answered as DRF answers them.
    /// </summary>
    private static (List<(long Id, JsonElement Element)>? Items, Outcome? Errors) BulkIds(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            return (null, NonFieldError($"Expected a list of items but got type \"{PythonType.Of(body)}\"."));
        }

        var items = new List<(long, JsonElement)>();
        var errors = new JsonArray();
        var failed = false;
        foreach (var element in body.EnumerateArray())
        {
            string? error = null;
            long id = 0;
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new JsonObject { ["non_field_errors"] = new JsonArray($"Invalid data. Expected a dictionary, but got {PythonType.Of(element)}.") });
                failed = true;
                continue;
            }

            if (!element.TryGetProperty("id", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                error = "This field is required.";
            }
            else if (!(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out id))
                     && !(value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out id)))
            {
                error = "A valid integer is required.";
            }

            failed |= error is not null;
            errors.Add(error is null ? new JsonObject() : new JsonObject { ["id"] = new JsonArray(error) });
            items.Add((id, element));
        }

        return failed ? (null, new Outcome.Invalid(errors)) : (items, null);
    }

    private static Outcome.Invalid NonFieldError(string message) => Outcome.Field("non_field_errors", message);

    /// <summary>What a constraint said when a concurrent write slipped past the pre-checks.</summary>
    private static Outcome? WriteConflict(WriteModel model, PostgresException error) => error.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation when Uniqueness.Rule(model, error) is { } rule => Outcome.Field(rule.ErrorKey, rule.Message),
        PostgresErrorCodes.UniqueViolation => Outcome.Field("__all__", "An object with these values already exists."),
        PostgresErrorCodes.ForeignKeyViolation => Outcome.Field("__all__", "A related object was deleted while this request was being processed."),
        PostgresErrorCodes.CheckViolation => Outcome.Field("__all__", "The values violate a database constraint."),
        _ => null,
    };
}

/// <summary>Names what stops a delete, the way NetBox's 409 does: <c>N dependent objects were found: …</c>.</summary>
public static class DependentObjects
{
    public static async Task<string> DescribeAsync(Database.Database database, PostgresException violation, long[] ids, CancellationToken ct)
    {
        // The failed transaction is gone; ask on a fresh connection which rows still point at the targets.
        await using var conn = await database.DataSource.OpenConnectionAsync(ct);
        var column = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            SELECT a.attname FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.conname = @name AND c.conrelid = to_regclass(@table)
            """, new { name = violation.ConstraintName, table = violation.TableName }, cancellationToken: ct));
        if (column is null || violation.TableName is null)
        {
            return "Unable to delete object: other objects depend on it.";
        }

        var dependents = (await conn.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM {violation.TableName} WHERE {column} = ANY(@ids) ORDER BY id LIMIT 101", new { ids }, cancellationToken: ct))).ToList();
        var listed = string.Join(", ", dependents.Take(100).Select(d => $"{violation.TableName} ({d})"));
        return $"Unable to delete object. {dependents.Count} dependent objects were found: {listed}";
    }
}
