using System.Text.Json;
using Dapper;
using MediatR;
using Npgsql;
using Proxbox.Api.Features.Users.Users;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Operations;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Scheduling;
using Proxbox.Api.Infrastructure.Security;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Tokens;

/// <summary>
/// POST <c>/api/users/tokens/provision/</c> <c>{"username", "password"}</c>: a new v2 token for a user who proves their
/// password, without any other credential (NetBox 4.5; pynetbox's <c>create_token</c>).
/// </summary>
public static class ProvisionToken
{
    public sealed record Command(JsonElement Body, ApiUrls Urls) : IRequest<Outcome>;

    private const string Refused = "Invalid username/password";

    /// <summary>The body, as the OpenAPI document describes it (the handler reads the two strings itself).</summary>
    public static readonly WriteModel Fields = new()
    {
        Fields = [new TextField("username", 150) { Required = true, AllowBlank = false }, new PasswordField { Required = true }],
    };

    /// <summary>
    /// Verified against when the user does not exist, so both failures cost the same time. Made on first use: the
    /// hash is deliberately slow (a third of a second), and the routes touch this class at start-up.
    /// </summary>
    private static readonly Lazy<string> DecoyHash = new(() => Passwords.Hash(Guid.NewGuid().ToString()));

    public sealed class Handler(TokenResource resource, NpgsqlDataSource database, ServerSecret secret, ScheduleCalendar schedules) : IRequestHandler<Command, Outcome>
    {
        public async Task<Outcome> Handle(Command request, CancellationToken cancellationToken)
        {
            var body = request.Body;
            var username = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var password = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("password", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
            {
                var missing = new System.Text.Json.Nodes.JsonObject();
                if (string.IsNullOrEmpty(username))
                {
                    missing["username"] = new System.Text.Json.Nodes.JsonArray("This field is required.");
                }

                if (string.IsNullOrEmpty(password))
                {
                    missing["password"] = new System.Text.Json.Nodes.JsonArray("This field is required.");
                }

                return new Outcome.Invalid(missing);
            }

            await using var conn = await database.OpenConnectionAsync(cancellationToken);
            var user = await conn.QuerySingleOrDefaultAsync<(long Id, string Password, bool IsActive)?>(new CommandDefinition(
                "SELECT id, password, is_active FROM users_user WHERE username = @username", new { username }, cancellationToken: cancellationToken));
            var matches = Passwords.Verify(password, user?.Password ?? DecoyHash.Value);
            if (user is not { IsActive: true } || !matches)
            {
                return new Outcome.Failed(StatusCodes.Status403Forbidden, Refused);
            }

            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            var issued = await TokenIssuer.IssueAsync(conn, tx, secret, user.Value.Id, new TokenSpec(), cancellationToken);
            await conn.ExecuteAsync(new CommandDefinition("UPDATE users_user SET last_login = now() WHERE id = @Id", new { user.Value.Id }, tx, cancellationToken: cancellationToken));
            var token = (TokenResponse)(await ResourceReader.ReadAsync(resource, conn, tx, [issued.Id], new ReadContext(request.Urls, schedules), ordered: false, cancellationToken))[0];
            await tx.CommitAsync(cancellationToken);
            return new Outcome.Ok(CreateTokens.WithPlaintext(token, issued), StatusCodes.Status201Created, token.Url);
        }
    }
}
