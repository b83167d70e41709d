using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Writing;

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

    /// <summary>
    /// Stored as PostgreSQL writes the address (which the column's check requires): .NET and PostgreSQL disagree on
    /// a few IPv6 forms (<c>::ffff:0:1.2.3.4</c>), and PostgreSQL's agrees with what Django stores for them.
    /// </summary>
    public override string ValueSql(string value) => $"host({value}::inet)";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.String, Description = "One IPv4 or IPv6 address, without a prefix length." };

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Parsed.Fail(Invalid);
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            return Parsed.Fail("This field may not be blank.");
        }

        // A prefix length, a zone, or the URL form "[::1]:8006" (which IPAddress.TryParse reads as ::1, dropping the
        // port) are not an address to Django.
        if (text.AsSpan().IndexOfAny("/%[]") >= 0 || !IPAddress.TryParse(text, out var ip))
        {
            return Parsed.Fail(Invalid);
        }

        // IPAddress.TryParse also takes inet_aton shorthand (10.1, octal, hex) and leading zeros in an IPv6 address's
        // dotted tail (::1.2.3.04), which Django refuses: a dotted part must be a plain dotted quad.
        var dotted = ip.AddressFamily == AddressFamily.InterNetwork ? text : text.Contains('.') ? text[(text.LastIndexOf(':') + 1)..] : null;
        return dotted is not null && !DottedQuad().IsMatch(dotted) ? Parsed.Fail(Invalid) : Parsed.Ok(ip.ToString());
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$")]
    private static partial Regex DottedQuad();
}
