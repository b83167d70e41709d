using System.Net;
using System.Text.Json.Nodes;
using Proxbox.Api.Infrastructure.Querying;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>
/// Who is calling (set by <see cref="TokenAuthentication"/>) and what NetBox's permission model lets them do:
/// a model permission per object type and action, narrowed by constraints. Superusers bypass everything.
/// </summary>
public sealed class Caller
{
    public const string View = "view";
    public const string Add = "add";
    public const string Change = "change";
    public const string Delete = "delete";

    public Identity? Identity { get; set; }

    public IPAddress? Address { get; set; }

    public bool IsSuperuser => Identity?.IsSuperuser == true;

    /// <summary>Holds the model permission <c>&lt;objectType&gt;.&lt;action&gt;</c> through some grant.</summary>
    public bool May(string objectType, string action) =>
        Identity is { } identity && (identity.IsSuperuser || Covering(identity, objectType, action).Any());

    /// <summary>
    /// The WHERE predicate limiting rows to those the caller may act on, or null when nothing limits them
    /// (superuser, or a grant without constraints). Callers check <see cref="May"/> first.
    /// </summary>
    public string? Restriction(FilterSet filters, string objectType, string action, SqlBuilder sql)
    {
        if (Identity is not { } identity)
        {
            return "FALSE";
        }

        if (identity.IsSuperuser)
        {
            return null;
        }

        var sets = new List<JsonObject>();
        foreach (var grant in Covering(identity, objectType, action))
        {
            switch (grant.Constraints)
            {
                case null:
                case JsonObject { Count: 0 }:
                case JsonArray { Count: 0 }:
                    return null;
                case JsonObject set:
                    sets.Add(set);
                    break;
                case JsonArray list:
                    sets.AddRange(list.OfType<JsonObject>());
                    break;
            }
        }

        return filters.Constrain(sets, identity.UserId, sql);
    }

    private static IEnumerable<Grant> Covering(Identity identity, string objectType, string action) =>
        identity.Grants.Where(g => g.ObjectTypes.Contains(objectType) && g.Actions.Contains(action));
}
