using System.Text.RegularExpressions;
using Mapster;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Users;

/// <summary>NetBox's users (<c>/api/users/users/</c>). The password is write-only and stored as a PBKDF2 hash.</summary>
public sealed partial class UserResource() : Resource<UserRow, UserResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("users/users", "users_user", "u", "User", "user", "users.user", Tagged: false);

    public override string SelectSql => $"""
        SELECT u.id, u.username, u.first_name, u.last_name, u.email, u.is_staff, u.is_active, u.is_superuser,
               u.date_joined, u.last_login, u.created, u.last_updated
        FROM {Identity.From}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new TextFilter("username"),
            new TextFilter("first_name"),
            new TextFilter("last_name"),
            new TextFilter("email"),
            new BooleanFilter("is_staff"),
            new BooleanFilter("is_active"),
            new BooleanFilter("is_superuser"),
            new DateTimeFilter("date_joined"),
            new DateTimeFilter("last_login"),
        ],
        search: ["username", "first_name", "last_name", "email"],
        ordering: ["username"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "username"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("username", 150)
            {
                Required = true,
                AllowBlank = false,
                Pattern = UsernamePattern(),
                PatternMessage = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
            },
            new PasswordField(),
            new TextField("first_name", 150),
            new TextField("last_name", 150),
            new TextField("email", 254) { Pattern = EmailPattern(), PatternMessage = "Enter a valid email address." },
            new BooleanField("is_staff"),
            new BooleanField("is_active") { Default = true },
            new BooleanField("is_superuser"),
        ],
        Unique = [new UniqueRule("users_user_username_key", ["username"], "A user with that username already exists.", "username")],
    };

    protected override void Map(TypeAdapterSetter<UserRow, UserResponse> map) => map.Map(user => user.Display, row => row.Username);

    [GeneratedRegex(@"^[\w.@+-]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
