using System.Text.RegularExpressions;
using Proxbox.Api.Features.Ipam.IpAddresses;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints;

/// <summary>
/// What the three endpoint kinds share (upstream's <c>EndpointBase</c>): name, IP address or domain, port; the
/// host rule; the domain syntax; and the display rule.
/// </summary>
public static partial class EndpointBase
{
    public const string HostRequired = "Provide either a domain or an IP address.";

    /// <summary>The host columns every endpoint SELECT reads (aliases <c>e</c> for the endpoint, <c>i</c> for its IP).</summary>
    public const string HostColumns = "e.name, e.ip_address_id, host(i.address) || '/' || masklen(i.address) AS ip_address, e.domain, e.port";

    public const string IpJoin = "LEFT JOIN ipam_ipaddress i ON i.id = e.ip_address_id";

    public static WriteField[] Fields(string defaultName, long defaultPort) =>
    [
        new TextField("name", 255) { Nullable = true, Default = defaultName },
        new ForeignKeyField("ip_address", NestedIpAddress.Target) { Nullable = true },
        new DomainField(),
        new IntegerField("port", 1, 65535) { Default = defaultPort },
    ];

    public static Filter[] Filters =>
    [
        new TextFilter("name"),
        new TextFilter("domain"),
        new ForeignKeyFilter("ip_address", orderBy: "i.address"),
    ];

    public static readonly SearchTerm[] Search = ["name", "domain"];

    /// <summary>The host rule, on the merged values (a PATCH keeps what it does not change).</summary>
    public static void RequireHost(WriteItem item)
    {
        if (string.IsNullOrWhiteSpace(item.Text("domain")) && item.Values.GetValueOrDefault("ip_address") is null)
        {
            item.AddError("domain", HostRequired);
            item.AddError("ip_address", HostRequired);
        }
    }

    /// <summary>
    /// <c>&lt;name&gt; (&lt;ip without mask&gt;)</c> when an IP is linked, else <c>&lt;name&gt; (&lt;domain&gt;)</c>, else the name;
    /// an empty name falls back to the domain or the IP.
    /// </summary>
    public static string Display(string? name, string? ipAddress, string? domain)
    {
        var ip = ipAddress?.Split('/')[0];
        if (string.IsNullOrWhiteSpace(name))
        {
            return !string.IsNullOrEmpty(domain) ? domain : ip ?? "";
        }

        name = name.Trim();
        return ip is not null ? $"{name} ({ip})" : !string.IsNullOrEmpty(domain) ? $"{name} ({domain})" : name;
    }

    /// <summary>A URL-safe random token of 64 characters (Python's <c>secrets.token_urlsafe(48)</c>).</summary>
    public static string NewToken() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z0-9]{2,}$")]
    public static partial Regex Fqdn();

    [GeneratedRegex("^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    public static partial Regex SingleLabel();
}
