using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// Reads write bodies as DRF's serializers do: one loop over the declared fields for a create and for an update
/// (merged over the stored values), every error collected per field, nothing touching the database yet.
/// </summary>
public static class BodyParser
{
    /// <summary>
    /// Reads <paramref name="element"/> into <paramref name="item"/>. A create fills omitted fields with their defaults;
    /// an update keeps their stored values. Required fields must be present on create and on a full update (PUT).
    /// </summary>
    public static void Read(WriteModel model, WriteItem item, JsonElement element, bool creating, bool partial)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            item.AddError("non_field_errors", $"Invalid data. Expected a dictionary, but got {PythonType.Of(element)}.");
            return;
        }

        var fields = model.Fields;
        var given = ArrayPool<JsonElement>.Shared.Rent(fields.Count);
        try
        {
            // The body's properties are matched to fields in one pass, trying the field after the last match first: a
            // client sends its keys in one order, so a bulk item costs one comparison per key instead of a search
            // per field. (The body was checked for repeated keys when it was parsed.)
            Array.Clear(given, 0, fields.Count);
            var next = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (FieldIndex(fields, property, next) is var index and >= 0)
                {
                    given[index] = property.Value;
                    next = index + 1;
                }
            }

            // Fields in declaration order, so errors are listed as DRF lists them.
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                if (given[i].ValueKind != JsonValueKind.Undefined)
                {
                    item.Provided.Add(i);
                    var parsed = field.Parse(given[i]);
                    if (parsed.Error is not null)
                    {
                        item.AddError(field.Name, parsed.Error);
                    }
                    else
                    {
                        item.Values.Set(i, field.Accept(parsed.Value, item.Values.At(i), creating));
                    }
                }
                else if (field.Required && (creating || !partial))
                {
                    item.AddError(field.Name, "This field is required.");
                }
                else if (creating)
                {
                    item.Values.Set(i, field.Omitted);
                }
            }
        }
        finally
        {
            ArrayPool<JsonElement>.Shared.Return(given, clearArray: true);
        }
    }

    /// <summary>The index of the field a property names, searching from <paramref name="start"/> round; -1 for an unknown key.</summary>
    private static int FieldIndex(IReadOnlyList<WriteField> fields, JsonProperty property, int start)
    {
        for (var n = 0; n < fields.Count; n++)
        {
            var i = (start + n) % fields.Count;
            if (property.NameEquals(fields[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A create body, one object or a list of them, parsed item by item; or the answer when there is nothing to
    /// create (an empty list) or the body is neither.
    /// </summary>
    public static (List<WriteItem> Items, bool Bulk, Outcome? Answer) ReadCreate(WriteModel model, JsonElement body)
    {
        var bulk = body.ValueKind == JsonValueKind.Array;
        if (!bulk && body.ValueKind != JsonValueKind.Object)
        {
            return ([], false, NonFieldError($"Invalid data. Expected a dictionary, but got {PythonType.Of(body)}."));
        }

        var items = new List<WriteItem>(bulk ? body.GetArrayLength() : 1);
        foreach (var element in bulk ? body.EnumerateArray() : Single(body))
        {
            var item = new WriteItem(model);
            Read(model, item, element, creating: true, partial: false);
            items.Add(item);
        }

        return (items, bulk, items.Count == 0 ? new Outcome.Ok(Array.Empty<object>(), StatusCodes.Status201Created) : null);
    }

    /// <summary>
    /// The id list of a bulk update or delete: <c>[{"id": 1}, …]</c>. A body that is not a list, or items without
    /// an integer id, are answered as DRF answers them.
    /// </summary>
    public static (List<(long Id, JsonElement Element)>? Items, Outcome? Errors) ReadBulkIds(JsonElement body)
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
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new JsonObject { ["non_field_errors"] = new JsonArray($"Invalid data. Expected a dictionary, but got {PythonType.Of(element)}.") });
                failed = true;
                continue;
            }

            string? error = null;
            long id = 0;
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

    /// <summary>DRF's answer to an invalid bulk create: an array aligned with the items, <c>{}</c> for the valid ones.</summary>
    public static Outcome.Invalid PerItemErrors(IEnumerable<WriteItem> items) =>
        new(new JsonArray(items.Select(i => (JsonNode)(i.HasErrors ? i.Errors.DeepClone() : new JsonObject())).ToArray()));

    public static Outcome.Invalid NonFieldError(string message) => Outcome.Field("non_field_errors", message);

    private static IEnumerable<JsonElement> Single(JsonElement body)
    {
        yield return body;
    }
}
