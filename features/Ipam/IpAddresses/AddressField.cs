using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

/// <summary>
/// <c>address</c>: an IPv4 or IPv6 address with an optional prefix length; a bare address is a host (/32, /128).
/// Normalised here so what is stored and compared is always <c>host/length</c>.
/// </summary>
public sealed partial class AddressField() : WriteField("address")
{
    public override string ValueSql(string value) => $"{value}::inet";

    public const string Invalid = "Enter a valid IPv4 or IPv6 address with optional mask.";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    public override OpenApiSchema ValueSchema() => new()
    {
        Type = JsonSchemaType.String,
        Description = "An IPv4 or IPv6 address with an optional prefix length (10.0.0.1/24); a bare address is a host (/32, /128).",
    };

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && Normalize(value.GetString()!) is { } address ? Parsed.Ok(address) : Parsed.Fail(Invalid);

    /// <summary>Read back as host/length text: Npgsql would hand an inet over as a bare IPAddress, dropping the length.</summary>
    public override string StoredValue(string alias) => $"host({alias}.{Column}) || '/' || masklen({alias}.{Column})";

    public static string? Normalize(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var ip) || parts[0].Contains('%'))
        {
            return null;
        }

        // IPAddress.TryParse also takes inet_aton shorthand ("10.1", "1", octal "010.0.0.1", hex "0x0a.0.0.1"), which
        // NetBox's netaddr (INET_PTON) refuses; accepting it would silently store a different address than was meant.
        if (ip.AddressFamily == AddressFamily.InterNetwork && !DottedQuad().IsMatch(parts[0]))
        {
            return null;
        }

        var max = ip.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (parts.Length == 1)
        {
            return $"{ip}/{max}";
        }

        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= max ? $"{ip}/{length}" : null;
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$")]
    private static partial Regex DottedQuad();
}
