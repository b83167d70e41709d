using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints;

/// <summary><c>domain</c>: a host name (FQDN, single label or <c>localhost</c>), at most 253 characters; an IP literal is not a domain.</summary>
public sealed class DomainField : WriteField
{
    public DomainField()
        : base("domain") => Nullable = true;

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.String, Format = "hostname", MaxLength = 253 };

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Parsed.Fail("Not a valid string.");
        }

        var domain = value.GetString()!.Trim();
        if (domain.Length == 0)
        {
            return Parsed.Ok(null);
        }

        if (domain.Length > 253)
        {
            return Parsed.Fail("Ensure this field has no more than 253 characters.");
        }

        var valid = domain == "localhost" || (!IPAddress.TryParse(domain, out _) && (EndpointBase.Fqdn().IsMatch(domain) || EndpointBase.SingleLabel().IsMatch(domain)));
        return valid ? Parsed.Ok(domain) : Parsed.Fail($"{domain} is not a valid domain name");
    }
}
