using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Users;

/// <summary>NetBox's users (<c>/api/users/users/</c>). The password is write-only and stored as a PBKDF2 hash.</summary>
public sealed partial class UserResource : Resource<UserRow, UserResponse>
{
    public override ResourceInfo Info { get; } = new("users/users", "users_user", "u", "User", "user", "users.user");

    public override string SelectSql => """
        SELECT u.id, u.username, u.first_name, u.last_name, u.email, u.is_staff, u.is_active, u.is_superuser,
               u.date_joined, u.last_login, u.created, u.last_updated
        FROM users_user u
        """;

    public override FilterSet Filters { get; } = new(
        alias: "u",
        tagTable: null,
        filters:
        [
            new TextFilter("username", "u.username"),
            new TextFilter("first_name", "u.first_name"),
            new TextFilter("last_name", "u.last_name"),
            new TextFilter("email", "u.email"),
            new BooleanFilter("is_staff", "u.is_staff"),
            new BooleanFilter("is_active", "u.is_active"),
            new BooleanFilter("is_superuser", "u.is_superuser"),
            new DateTimeFilter("date_joined", "u.date_joined"),
            new DateTimeFilter("last_login", "u.last_login"),
        ],
        search: ["u.username", "u.first_name", "u.last_name", "u.email"],
        defaultOrdering: ["u.username"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "username"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("username", "username", 150)
            {
                Required = true,
                AllowBlank = false,
                Pattern = UsernamePattern(),
                PatternMessage = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
            },
            new PasswordField(),
            new TextField("first_name", "first_name", 150),
            new TextField("last_name", "last_name", 150),
            new TextField("email", "email", 254) { Pattern = EmailPattern(), PatternMessage = "Enter a valid email address." },
            new BooleanField("is_staff", "is_staff"),
            new BooleanField("is_active", "is_active") { Default = true },
            new BooleanField("is_superuser", "is_superuser"),
        ],
        InsertSql = """
            INSERT INTO users_user (username, password, first_name, last_name, email, is_staff, is_active, is_superuser)
            SELECT v.username, v.password, v.first_name, v.last_name, v.email, v.is_staff, v.is_active, v.is_superuser
            FROM unnest(@username::text[], @password::text[], @first_name::text[], @last_name::text[], @email::text[],
                        @is_staff::boolean[], @is_active::boolean[], @is_superuser::boolean[])
                 WITH ORDINALITY AS v(username, password, first_name, last_name, email, is_staff, is_active, is_superuser, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE users_user AS u
            SET username = v.username, password = v.password, first_name = v.first_name, last_name = v.last_name, email = v.email,
                is_staff = v.is_staff, is_active = v.is_active, is_superuser = v.is_superuser, last_updated = now()
            FROM unnest(@id::bigint[], @username::text[], @password::text[], @first_name::text[], @last_name::text[], @email::text[],
                        @is_staff::boolean[], @is_active::boolean[], @is_superuser::boolean[])
                 AS v(id, username, password, first_name, last_name, email, is_staff, is_active, is_superuser)
            WHERE u.id = v.id
            """,
        Unique = [new UniqueRule("users_user_username_key", ["username"], "A user with that username already exists.", "username")],
    };

    public override UserResponse Map(UserRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), row.Username, row.Username, row.FirstName, row.LastName, row.Email,
        row.IsStaff, row.IsActive, row.IsSuperuser, row.DateJoined, row.LastLogin, row.Created, row.LastUpdated);

    [GeneratedRegex(@"^[\w.@+-]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}

/// <summary>
/// <c>password</c>: write-only; the body's value is hashed on the way in and the hash is all that is stored. A user
/// created without one can only use tokens.
/// </summary>
public sealed class PasswordField() : WriteField("password", "password")
{
    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    protected override object? EmptyValue => Passwords.Unusable;

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind != JsonValueKind.String ? Parsed.Fail("Not a valid string.")
        : value.GetString()!.Length > 128 ? Parsed.Fail("Ensure this field has no more than 128 characters.")
        : value.GetString()!.Length == 0 ? Parsed.Fail("This field may not be blank.")
        : Parsed.Ok(Passwords.Hash(value.GetString()!));
}

public sealed record UserRow(
    long Id, string Username, string FirstName, string LastName, string Email, bool IsStaff, bool IsActive, bool IsSuperuser,
    DateTime DateJoined, DateTime? LastLogin, DateTime Created, DateTime LastUpdated);

public sealed record UserResponse(
    long Id, string Url, string Display, string Username, string FirstName, string LastName, string Email,
    bool IsStaff, bool IsActive, bool IsSuperuser, DateTime DateJoined, DateTime? LastLogin,
    [property: JsonIgnore] DateTime? Created, [property: JsonIgnore] DateTime? LastUpdated) : IApiObject;

/// <summary>How other objects (tokens, permissions) show a user.</summary>
public sealed record NestedUser(long Id, string Url, string Display, string Username)
{
    public const string Path = "users/users";

    public static NestedUser Of(long id, string username, ApiUrls urls) => new(id, urls.Object(Path, id), username, username);

    public static ReferenceTarget Target { get; } = new("users_user", new Dictionary<string, string> { ["id"] = "id", ["username"] = "username" });
}

public sealed class UsersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<UserResource>());
}
