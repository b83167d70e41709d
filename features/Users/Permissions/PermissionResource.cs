using System.Text.Json;
using System.Text.Json.Serialization;
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
public sealed class PermissionResource : Resource<PermissionRow, PermissionResponse>
{
    public static readonly string[] Actions = [Caller.View, Caller.Add, Caller.Change, Caller.Delete];

    public override ResourceInfo Info { get; } = new("users/permissions", "users_objectpermission", "p", "ObjectPermission", "permission", "users.objectpermission");

    public override string SelectSql => """
        SELECT p.id, p.name, p.description, p.enabled, p.object_types, p.actions, p.constraints::text AS constraints,
               (SELECT json_agg(json_build_array(u.id, u.username) ORDER BY u.username)
                FROM users_objectpermission_users pu JOIN users_user u ON u.id = pu.user_id WHERE pu.object_id = p.id) AS users,
               p.created, p.last_updated
        FROM users_objectpermission p
        """;

    public override FilterSet Filters { get; } = new(
        alias: "p",
        tagTable: null,
        filters:
        [
            new TextFilter("name", "p.name"),
            new TextFilter("description", "p.description"),
            new BooleanFilter("enabled", "p.enabled"),
            new ArrayContainsFilter("object_types", "p.object_types"),
            new ArrayContainsFilter("actions", "p.actions"),
        ],
        search: ["p.name", "p.description"],
        defaultOrdering: ["p.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description", "enabled", "object_types", "actions"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", "name", 100) { Required = true, AllowBlank = false },
            new TextField("description", "description", 200),
            new BooleanField("enabled", "enabled") { Default = true },
            new StringListField("object_types", "object_types", type =>
                ResourceRegistry.ObjectTypes.Contains(type) ? null : $"Invalid object type: {type}") { Required = true },
            new StringListField("actions", "actions", action =>
                Actions.Contains(action) ? null : $"\"{action}\" is not a valid choice.") { Required = true },
            new ConstraintsField { Nullable = true },
            new ManyToManyField("users", NestedUser.Target, "users_objectpermission_users", "object_id", "user_id"),
        ],
        InsertSql = """
            INSERT INTO users_objectpermission (name, description, enabled, object_types, actions, constraints)
            SELECT v.name, v.description, v.enabled,
                   ARRAY(SELECT jsonb_array_elements_text(v.object_types::jsonb)), ARRAY(SELECT jsonb_array_elements_text(v.actions::jsonb)),
                   v.constraints::jsonb
            FROM unnest(@name::text[], @description::text[], @enabled::boolean[], @object_types::text[], @actions::text[], @constraints::text[])
                 WITH ORDINALITY AS v(name, description, enabled, object_types, actions, constraints, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE users_objectpermission AS p
            SET name = v.name, description = v.description, enabled = v.enabled,
                object_types = ARRAY(SELECT jsonb_array_elements_text(v.object_types::jsonb)),
                actions = ARRAY(SELECT jsonb_array_elements_text(v.actions::jsonb)),
                constraints = v.constraints::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @description::text[], @enabled::boolean[], @object_types::text[], @actions::text[], @constraints::text[])
                 AS v(id, name, description, enabled, object_types, actions, constraints)
            WHERE p.id = v.id
            """,
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

    public override PermissionResponse Map(PermissionRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), row.Name, row.Name, row.Description, row.Enabled, row.ObjectTypes, row.Actions,
        row.Constraints is null ? null : new RawJson(row.Constraints), Users(row.Users, urls), row.Created, row.LastUpdated);

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

/// <summary><c>constraints</c>: null, an object of field → value, or a non-empty list of such objects.</summary>
public sealed class ConstraintsField() : WriteField("constraints", "constraints")
{
    public override Type ElementType => typeof(string);
    public override string TypeLabel => "json";

    protected override Parsed ParseValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => Parsed.Ok(value.GetRawText()),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object) => Parsed.Ok(value.GetRawText()),
        _ => Parsed.Fail("Constraints must be defined as a dictionary or list of dictionaries."),
    };

    public override object? FromDatabase(object? value) => value as string;
}

/// <summary>Properties, not a positional record: Npgsql reports array columns as System.Array, which defeats constructor mapping.</summary>
public sealed record PermissionRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public bool Enabled { get; init; }
    public string[] ObjectTypes { get; init; } = [];
    public string[] Actions { get; init; } = [];
    public string? Constraints { get; init; }
    public string? Users { get; init; }
    public DateTime Created { get; init; }
    public DateTime LastUpdated { get; init; }
}

public sealed record PermissionResponse(
    long Id, string Url, string Display, string Name, string Description, bool Enabled, string[] ObjectTypes, string[] Actions,
    RawJson? Constraints, IReadOnlyList<NestedUser> Users, [property: JsonIgnore] DateTime? Created, [property: JsonIgnore] DateTime? LastUpdated) : IApiObject;

public sealed class PermissionsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<PermissionResource>());
}
