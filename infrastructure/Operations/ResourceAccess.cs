using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>What a caller may reach of a resource, as SQL, and how an object out of reach is answered.</summary>
public static class ResourceAccess
{
    /// <summary>
    /// A WHERE builder holding the caller's constraints for <paramref name="action"/> on this resource, or null when
    /// the caller lacks the model permission altogether.
    /// </summary>
    public static SqlBuilder? Scope(IResource resource, Caller caller, string action)
    {
        if (!caller.May(resource.Identity.ObjectType, action))
        {
            return null;
        }

        var sql = new SqlBuilder();
        if (caller.Restriction(resource.Filters, resource.Identity.ObjectType, action, sql) is { } restriction)
        {
            sql.Where(restriction);
        }

        return sql;
    }

    public static Outcome NotFound(IResource resource) => new Outcome.NotFound($"No {resource.Identity.ModelName} matches the given query.");
}
