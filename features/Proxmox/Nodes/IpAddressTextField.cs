using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Proxbox.Api.Infrastructure.Writing;
using Microsoft.OpenApi;

namespace Proxbox.Api.Features.Proxmox.Nodes;

/// <summary>
/// Django's <c>GenericIPAddressField</c>: one IPv4 or IPv6 address, no prefix length, stored in its canonical text
/// form (so <c>?ip_address=</c> and <c>q</c> compare what a client reads back).
/// </summary>
public sealed partial class IpAddressTextField(string name) : WriteField(name)
{
    public const string Invalid = "Enter a valid IPv4 or IPv6 address.";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.String, Description = "One IPv4 or IPv6 address, without a prefix length." };

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Parsed.Fail(Invalid);
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0 || text.Contains('/') || text.Contains('%') || !IPAddress.TryParse(text, out var ip))
        {
            return Parsed.Fail(text.Length == 0 ? "This field may not be blank." : Invalid);
        }

        // IPAddress.TryParse also takes inet_aton shorthand (10.1, octal, hex), which Django refuses.
        return ip.AddressFamily == AddressFamily.InterNetwork && !DottedQuad().IsMatch(text) ? Parsed.Fail(Invalid) : Parsed.Ok(ip.ToString());
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$")]
    private static partial Regex DottedQuad();
}
