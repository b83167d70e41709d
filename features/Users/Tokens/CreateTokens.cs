using System.Text.Json;
using System.Text.Json.Nodes;
using MediatR;
using Npgsql;
using Proxbox.Api.Features.Users.Users;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Operations;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Scheduling;
using Proxbox.Api.Infrastructure.Security;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Tokens;

/// <summary>
/// POST <c>/api/users/tokens/</c> (one object or a list): issues tokens and answers with NetBox 4.5's shape plus
/// <c>token</c>, the plaintext (the whole v1 token, or the v2 secret), which is never shown again.
/// </summary>
public static class CreateTokens
{
    public sealed record Command(JsonElement Body, ApiUrls Urls, Caller Caller) : IRequest<Outcome>;

    /// <summary>What a body may give: the fields a token is issued with, then those that may change later.</summary>
    public static readonly WriteModel Fields = new()
    {
        Fields =
        [
            new ForeignKeyField("user", NestedUser.Target) { Nullable = true },
            new IntegerField("version", 1, 2) { Default = 2L },
            new TextField("token", 40),
            new TextField("key", 12),
            .. TokenResource.Mutable,
        ],
    };

    public sealed class Handler(TokenResource resource, NpgsqlDataSource database, ServerSecret secret, ScheduleCalendar schedules) : IRequestHandler<Command, Outcome>
    {
        public async Task<Outcome> Handle(Command request, CancellationToken cancellationToken)
        {
            var caller = request.Caller;
            if (ResourceAccess.Scope(resource, caller, Caller.Add) is not { } allowed)
            {
                return Outcome.Forbidden();
            }

            var (items, bulk, early) = BodyParser.ReadCreate(Fields, request.Body);
            if (early is not null)
            {
                return early;
            }

            await using var conn = await database.OpenConnectionAsync(cancellationToken);
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            await ReferenceResolver.ResolveAsync(items, Fields.Fields, conn, tx, cancellationToken);
            var specs = items.Select(Validate).ToList();
            if (items.Any(i => i.HasErrors))
            {
                return bulk ? BodyParser.PerItemErrors(items) : new Outcome.Invalid(items[0].Errors);
            }

            var issued = new List<IssuedToken>();
            foreach (var (item, spec) in items.Zip(specs))
            {
                // A token belongs to the caller unless another user is named.
                var userId = item.Values["user"] as long? ?? caller.Identity!.UserId;
                issued.Add(await TokenIssuer.IssueAsync(conn, tx, secret, userId, spec!, cancellationToken));
            }

            var created = await ResourceReader.ReadAsync(resource, conn, tx, issued.Select(t => t.Id).ToArray(), new ReadContext(request.Urls, schedules), ordered: false, cancellationToken, allowed);
            if (created.Count != issued.Count)
            {
                return Outcome.Forbidden();
            }

            await tx.CommitAsync(cancellationToken);
            var answers = created.Select(token => WithPlaintext((TokenResponse)token, issued.Single(t => t.Id == token.Id))).ToList();
            return bulk
                ? new Outcome.Ok(answers, StatusCodes.Status201Created)
                : new Outcome.Ok(answers[0], StatusCodes.Status201Created, ((TokenResponse)created[0]).Url, ETags.Of(created[0]));
        }

        private static TokenSpec? Validate(WriteItem item)
        {
            if (item.HasErrors)
            {
                return null;
            }

            var version = (int)(long)item.Values["version"]!;
            var given = item.Text("token") is { Length: > 0 } token ? token : null;
            var key = item.Text("key") is { Length: > 0 } k ? k : null;
            if (given is not null && !ApiTokens.IsValidV1(given))
            {
                item.AddError("token", "Ensure this value consists of 40 characters of A-Z, a-z and 0-9.");
            }

            if (key is not null && (version != 2 || key.Length != ApiTokens.KeyLength || !key.All(char.IsAsciiLetterOrDigit)))
            {
                item.AddError("key", "A key is a v2 token's 12 characters of A-Z, a-z and 0-9.");
            }

            return new TokenSpec(version, given, key, item.Text("description") ?? "", item.Values["expires"] as DateTime?,
                (bool)item.Values["enabled"]!, (bool)item.Values["write_enabled"]!, JsonSerializer.Deserialize<string[]>((string)item.Values["allowed_ips"]!));
        }
    }

    /// <summary>The stored token as read back, with the plaintext appended as NetBox 4.5 does on creation.</summary>
    public static JsonObject WithPlaintext(TokenResponse token, IssuedToken issued)
    {
        var node = JsonSerializer.SerializeToNode(token, ApiJson.Options)!.AsObject();
        node["token"] = issued.Token;
        return node;
    }
}
