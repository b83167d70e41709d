using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

/// <summary>NetBox's IP addresses (<c>/api/ipam/ip-addresses/</c>): what the plugin's endpoints are reached at.</summary>
public sealed partial class IpAddressResource : Resource<IpAddressRow, IpAddressResponse>
{
    public static readonly Choice[] Statuses =
    [
        new("active", "Active"), new("reserved", "Reserved"), new("deprecated", "Deprecated"), new("dhcp", "DHCP"), new("slaac", "SLAAC"),
    ];

    public override ResourceInfo Info { get; } = new("ipam/ip-addresses", "ipam_ipaddress", "a", "IPAddress", "IP address", "ipam.ipaddress", "ipam_ipaddress_tags");

    /// <summary>The address always with its prefix length (PostgreSQL's inet text drops a /32).</summary>
    public override string SelectSql { get; } = $"""
        SELECT a.id, host(a.address) || '/' || masklen(a.address) AS address, family(a.address) AS family, a.status, a.dns_name,
               a.description, a.comments, {Tagging.Column("ipam_ipaddress_tags", "a")}, a.custom_field_data, a.created, a.last_updated
        FROM ipam_ipaddress a
        """;

    public override FilterSet Filters { get; } = new(
        alias: "a",
        tagTable: "ipam_ipaddress_tags",
        filters:
        [
            new AddressFilter("address", "a.address"),
            new NumberFilter("family", "family(a.address)"),
            new ChoiceFilter("status", "a.status", Statuses.Select(s => s.Value).ToArray()),
            new TextFilter("dns_name", "a.dns_name"),
            new TextFilter("description", "a.description"),
        ],
        // text(inet) is the address as written with its length ("10.0.0.1/24"), so `q` finds either form; it is also
        // the expression the trigram index in 0006 is built on.
        search: ["text(a.address)", "a.dns_name", "a.description"],
        defaultOrdering: ["a.address"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "family", "address", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new AddressField { Required = true },
            new ChoiceField("status", "status", Statuses) { Default = "active" },
            new TextField("dns_name", "dns_name", 255)
            {
                Pattern = DnsName(),
                PatternMessage = "Only alphanumeric characters, asterisks, hyphens, periods, and underscores are allowed in DNS names",
            },
            new TextField("description", "description", 200),
            new TextField("comments", "comments"),
            Tagging.Field,
            new CustomFieldsField(),
        ],
        InsertSql = """
            INSERT INTO ipam_ipaddress (address, status, dns_name, description, comments, custom_field_data)
            SELECT v.address::inet, v.status, v.dns_name, v.description, v.comments, v.custom_field_data::jsonb
            FROM unnest(@address::text[], @status::text[], @dns_name::text[], @description::text[], @comments::text[], @custom_field_data::text[])
                 WITH ORDINALITY AS v(address, status, dns_name, description, comments, custom_field_data, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE ipam_ipaddress AS a
            SET address = v.address::inet, status = v.status, dns_name = v.dns_name, description = v.description, comments = v.comments,
                custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @address::text[], @status::text[], @dns_name::text[], @description::text[], @comments::text[], @custom_field_data::text[])
                 AS v(id, address, status, dns_name, description, comments, custom_field_data)
            WHERE a.id = v.id
            """,
    };

    public override IpAddressResponse Map(IpAddressRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), row.Address, new FamilyValue(row.Family, $"IPv{row.Family}"), row.Address,
        ChoiceField.Read(Statuses, row.Status), row.DnsName, row.Description, row.Comments, Tagging.Read(row.Tags, urls),
        RawJson.From(row.CustomFieldData), row.Created, row.LastUpdated);

    [GeneratedRegex(@"^$|^([0-9A-Za-z_-]+|\*)(\.[0-9A-Za-z_-]+)*\.?$")]
    private static partial Regex DnsName();
}

/// <summary>
/// <c>address</c>: an IPv4 or IPv6 address with an optional prefix length; a bare address is a host (/32, /128).
/// Normalised here so what is stored and compared is always <c>host/length</c>.
/// </summary>
public sealed partial class AddressField() : WriteField("address", "address")
{
    public const string Invalid = "Enter a valid IPv4 or IPv6 address with optional mask.";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

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

/// <summary><c>?address=</c>: a host (<c>10.0.0.1</c>) matches whatever its prefix length; a CIDR matches exactly.</summary>
public sealed class AddressFilter(string name, string column) : Filter(name, column)
{
    private static readonly Dictionary<string, bool> Plain = new() { [""] = false, ["n"] = true };

    public override IReadOnlyDictionary<string, bool> Suffixes => Plain;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        var hosts = new List<string>();
        var networks = new List<string>();
        foreach (var value in values)
        {
            if (AddressField.Normalize(value) is not { } address)
            {
                return FilterResult.Fail(AddressField.Invalid);
            }

            (value.Contains('/') ? networks : hosts).Add(value.Contains('/') ? address : address.Split('/')[0]);
        }

        return FilterResult.Ok($"(host({column}) = ANY({sql.Add(hosts.ToArray())}::text[]) OR {column} = ANY({sql.Add(networks.ToArray())}::inet[]))");
    }
}

/// <summary>NetBox's <c>family</c> read-out: <c>{"value": 4, "label": "IPv4"}</c>.</summary>
public sealed record FamilyValue(int Value, string Label);

public sealed record IpAddressRow(
    long Id, string Address, int Family, string Status, string DnsName, string Description, string Comments, string? Tags, string CustomFieldData,
    DateTime Created, DateTime LastUpdated);

public sealed record IpAddressResponse(
    long Id, string Url, string Display, FamilyValue Family, string Address, ChoiceValue? Status, string DnsName, string Description, string Comments,
    IReadOnlyList<NestedTag> Tags, RawJson CustomFields, DateTime? Created, DateTime? LastUpdated) : IApiObject;

/// <summary>How other objects show an IP address (the plugin's endpoints): <c>family</c> is a plain integer here.</summary>
public sealed record NestedIpAddress(long Id, string Url, string Display, int Family, string Address)
{
    public const string Path = "ipam/ip-addresses";

    public static NestedIpAddress? Of(long? id, string? address, ApiUrls urls) =>
        id is long key ? new NestedIpAddress(key, urls.Object(Path, key), address!, address!.Contains(':') ? 6 : 4, address) : null;

    public static ReferenceTarget Target { get; } = new("ipam_ipaddress", new Dictionary<string, string> { ["id"] = "id", ["address"] = "address" });
}
