using System.Text.Json;
using Mapster;
using Proxbox.Api.Features.Users.Users;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Permissions;

/// <summary>
/// NetBox's object permissions (<c>/api/users/permissions/</c>): actions on object types for some users, optionally
/// narrowed by constraints (field → value equalities; a list of such objects is OR-ed).
/// </summary>
public sealed class PermissionResource() : Resource<PermissionRow, PermissionResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } =
        new("users/permissions", "users_objectpermission", "p", "ObjectPermission", "permission", "users.objectpermission", Tagged: false);

    public static readonly string[] Actions = [Caller.View, Caller.Add, Caller.Change, Caller.Delete];

    public override string SelectSql => $"""
        SELECT p.id, p.name, p.description, p.enabled, p.object_types, p.actions, p.constraints::text AS constraints,
               (SELECT json_agg(json_build_array(u.id, u.username) ORDER BY u.username)
                FROM users_objectpermission_users pu JOIN users_user u ON u.id = pu.user_id WHERE pu.object_id = p.id) AS users,
               p.created, p.last_updated
        FROM {Identity.From}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new TextFilter("name"),
            new TextFilter("description"),
            new BooleanFilter("enabled"),
            new ArrayContainsFilter("object_types"),
            new ArrayContainsFilter("actions"),
        ],
        search: ["name", "description"],
        ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description", "enabled", "object_types", "actions"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", 100) { Required = true, AllowBlank = false },
            new TextField("description", 200),
            new BooleanField("enabled") { Default = true },
            new StringListField("object_types", "text[]", type =>
                ResourceRegistry.ObjectTypes.Contains(type) ? null : $"Invalid object type: {type}") { Required = true },
            new StringListField("actions", "text[]", action =>
                Actions.Contains(action) ? null : $"\"{action}\" is not a valid choice.") { Required = true },
            new ConstraintsField { Nullable = true },
            new ManyToManyField("users", NestedUser.Target, "users_objectpermission_users", "object_id", "user_id"),
        ],
        Validate = item =>
        {
            if (item.Values["object_types"] is "[]")
            {
                item.AddError("object_types", "This list may not be empty.");
            }

            if (item.Values["actions"] is "[]")
            {
                item.AddError("actions", "This list may not be empty.");
            }
        },
    };

    protected override void Map(TypeAdapterSetter<PermissionRow, PermissionResponse> map) => map
        .Map(permission => permission.Display, row => row.Name)
        .Map(permission => permission.Constraints, row => row.Constraints == null ? (RawJson?)null : new RawJson(row.Constraints))
        .Map(permission => permission.Users, row => Users(row.Users, Urls));

    private static IReadOnlyList<NestedUser> Users(string? users, ApiUrls urls)
    {
        if (users is null)
        {
            return [];
        }

        using var document = JsonDocument.Parse(users);
        return document.RootElement.EnumerateArray().Select(u => NestedUser.Of(u[0].GetInt64(), u[1].GetString()!, urls)).ToList();
    }
}
