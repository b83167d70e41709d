using System.Text.Json;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A write-only secret (a Proxmox password or API token value, a NetBox v2 token secret, a FastAPI token): read
/// from the body like a DRF <c>CharField</c>, sealed with AES-256-GCM by the writer before it is stored, never
/// read back into a response (resources expose <c>&lt;name&gt;_configured</c> instead). A stored value that a
/// request does not replace stays sealed as it is.
/// </summary>
public sealed class SecretField(string name, int maxLength = 255) : WriteField(name)
{
    /// <summary>
    /// The service generates a value when a create gives none and shows it once, in that create's answer (the
    /// resource's validation generates it; this says so to the OpenAPI document).
    /// </summary>
    public bool ShownOnCreate { get; init; }

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.String, MaxLength = maxLength };

    public override bool WriteOnly => true;

    protected override object? EmptyValue => "";

    /// <summary>A secret the body gave is sealed; a stored one that the request does not replace passes through sealed as it is.</summary>
    public override object? ToParameter(object? value, bool provided, SecretBox secrets) =>
        provided && value is string { Length: > 0 } plaintext ? secrets.Encrypt(plaintext) : value;

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
