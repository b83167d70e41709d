using System.Text.RegularExpressions;
using Mapster;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

/// <summary>NetBox's IP addresses (<c>/api/ipam/ip-addresses/</c>): what the plugin's endpoints are reached at.</summary>
public sealed partial class IpAddressResource() : Resource<IpAddressRow, IpAddressResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("ipam/ip-addresses", "ipam_ipaddress", "a", "IPAddress", "IP address", "ipam.ipaddress");

    public static readonly Choice[] Statuses =
    [
        new("active", "Active"), new("reserved", "Reserved"), new("deprecated", "Deprecated"), new("dhcp", "DHCP"), new("slaac", "SLAAC"),
    ];

    /// <summary>The address always with its prefix length (PostgreSQL's inet text drops a /32).</summary>
    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, host(a.address) || '/' || masklen(a.address) AS address, family(a.address) AS family, a.status,
               a.dns_name, a.description, a.comments
        FROM {Identity.From}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new AddressFilter("address"),
            new NumberFilter("family", "family(a.address)"),
            new ChoiceFilter("status", Statuses),
            new TextFilter("dns_name"),
            new TextFilter("description"),
        ],
        // text(inet) is the address as written with its length ("10.0.0.1/24"), so `q` finds either form; it is also
        // the expression the trigram index in 0006 is built on.
        search: ["text(a.address)", "dns_name", "description"],
        ordering: ["address"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "family", "address", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new AddressField { Required = true },
            new ChoiceField("status", Statuses) { Default = "active" },
            new TextField("dns_name", 255)
            {
                Pattern = DnsName(),
                PatternMessage = "Only alphanumeric characters, asterisks, hyphens, periods, and underscores are allowed in DNS names",
            },
            new TextField("description", 200),
            new TextField("comments"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
    };

    protected override void Map(TypeAdapterSetter<IpAddressRow, IpAddressResponse> map) => map
        .Map(ip => ip.Display, row => row.Address)
        .Map(ip => ip.Family, row => new FamilyValue(row.Family, "IPv" + row.Family))
        .Map(ip => ip.Status, row => ChoiceValue.Of(Statuses, row.Status));

    [GeneratedRegex(@"^$|^([0-9A-Za-z_-]+|\*)(\.[0-9A-Za-z_-]+)*\.?$")]
    private static partial Regex DnsName();
}
