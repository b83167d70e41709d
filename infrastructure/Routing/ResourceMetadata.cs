using System.Globalization;
using System.Text.Json.Nodes;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Routing;

/// <summary>NetBox's OPTIONS answer for a resource; pynetbox's <c>choices()</c> reads <c>actions.POST.&lt;field&gt;.choices</c>.</summary>
public static class ResourceMetadata
{
    /// <param name="suffix"><c>List</c> or <c>Instance</c>, as DRF names the view.</param>
    /// <param name="actions">The methods the caller may use here (<c>POST</c>, <c>PUT</c>).</param>
    public static IResult Describe(IResource resource, string suffix, string[] actions)
    {
        var fields = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "integer", ["required"] = false, ["read_only"] = true, ["label"] = "ID" },
            ["url"] = ReadOnly("field", "Url"),
            ["display"] = ReadOnly("field", "Display"),
        };
        foreach (var field in resource.Writes?.Fields ?? [])
        {
            var info = new JsonObject
            {
                ["type"] = field.TypeLabel,
                ["required"] = field.Required,
                ["read_only"] = false,
                ["label"] = Label(field.Name),
            };
            switch (field)
            {
                case TextField { MaxLength: int max }:
                    info["max_length"] = max;
                    break;
                case IntegerField integer:
                    info["min_value"] = integer.Min;
                    info["max_value"] = integer.Max;
                    break;
                case ChoiceField choice:
                    info["choices"] = new JsonArray(choice.Choices
                        .Select(c => (JsonNode)new JsonObject { ["value"] = c.Value, ["display_name"] = c.Label }).ToArray());
                    break;
            }

            fields[field.Name] = info;
        }

        fields["created"] = ReadOnly("datetime", "Created");
        fields["last_updated"] = ReadOnly("datetime", "Last updated");

        var body = new JsonObject
        {
            ["name"] = $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(resource.Identity.VerboseName)} {suffix}",
            ["description"] = "",
            ["renders"] = new JsonArray("application/json"),
            ["parses"] = new JsonArray("application/json"),
        };
        if (actions.Length > 0)
        {
            var byAction = new JsonObject();
            foreach (var action in actions)
            {
                byAction[action] = fields.DeepClone();
            }

            body["actions"] = byAction;
        }

        return new JsonBodyResult(body, StatusCodes.Status200OK);

        static JsonObject ReadOnly(string type, string label) =>
            new() { ["type"] = type, ["required"] = false, ["read_only"] = true, ["label"] = label };
    }

    /// <summary>Django's label: the name with spaces, first letter capitalised.</summary>
    private static string Label(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ');
}
