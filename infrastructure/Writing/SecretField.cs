using System.Text.Json;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A write-only secret (a Proxmox password or API token value, a NetBox v2 token secret, a FastAPI token): read
/// from the body like a DRF <c>CharField</c>, sealed with AES-256-GCM by the writer before it is stored, never
/// read back into a response (resources expose <c>&lt;name&gt;_configured</c> instead). A stored value that a
/// request does not replace stays sealed as it is.
/// </summary>
public sealed class SecretField(string name, string column, int maxLength = 255) : WriteField(name, column)
{
    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    protected override object? EmptyValue => "";

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Parsed.Fail("Not a valid string.");
        }

        var text = value.GetString()!.Trim();
        return text.Length > maxLength ? Parsed.Fail($"Ensure this field has no more than {maxLength} characters.") : Parsed.Ok(text);
    }
}
