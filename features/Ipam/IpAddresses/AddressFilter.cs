using Proxbox.Api.Infrastructure.Querying;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

/// <summary><c>?address=</c>: a host (<c>10.0.0.1</c>) matches whatever its prefix length; a CIDR matches exactly.</summary>
public sealed class AddressFilter(string name, string? column = null) : Filter(name, column)
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
