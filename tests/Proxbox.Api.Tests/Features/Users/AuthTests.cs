using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Tests.Features.Users;

/// <summary>A service whose logs are captured, to prove no credential ever reaches them.</summary>
public sealed class AuthFactory : LoggedApiFactory;

/// <summary>Token authentication and NetBox's object permissions, through the front door.</summary>
public sealed class AuthTests(AuthFactory api) : IClassFixture<AuthFactory>
{
    private readonly HttpClient _admin = api.CreateClient();

    /// <summary>A user with a token; returns the Authorization header value and the user's id.</summary>
    private async Task<(string Header, long UserId, string Plaintext, JsonNode Token)> UserWithTokenAsync(object? token = null, bool superuser = false, string? password = null)
    {
        var username = Http.Unique("user");
        var (created, user) = await _admin.PostJsonAsync("/api/users/users/", password is null
            ? new { username, is_superuser = superuser }
            : new { username, is_superuser = superuser, password });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, user?.ToJsonString());
        var userId = user!["id"]!.GetValue<long>();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(token ?? new { }))!.AsObject();
        body["user"] = userId;
        var (issued, tokenBody) = await _admin.PostJsonAsync("/api/users/tokens/", body.ToJsonString());
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, tokenBody?.ToJsonString());
        var plaintext = tokenBody!["token"]!.GetValue<string>();
        var header = tokenBody["version"]!.GetValue<int>() == 2 ? $"Token nbt_{tokenBody["key"]!.GetValue<string>()}.{plaintext}" : $"Token {plaintext}";
        return (header, userId, plaintext, tokenBody);
    }

    private async Task GrantAsync(long userId, string objectType, string[] actions, object? constraints = null)
    {
        var (response, body) = await _admin.PostJsonAsync("/api/users/permissions/",
            new { name = Http.Unique("perm"), object_types = new[] { objectType }, actions, constraints, users = new[] { userId } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
    }

    private async Task<long> TagAsync(string slug)
    {
        var (_, body) = await _admin.PostJsonAsync("/api/extras/tags/", new { name = slug, slug });
        return body!["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task Every_resource_refuses_an_anonymous_caller_and_the_api_root_does_not()
    {
        var anonymous = api.CreateAnonymousClient();
        var paths = api.Services.GetServices<IResource>().Select(r => r.Identity.Path).ToList();
        paths.ShouldContain("users/tokens");

        foreach (var path in paths)
        {
            var (response, body) = await anonymous.GetJsonAsync($"/api/{path}/");
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            body!["detail"]!.GetValue<string>().ShouldBe("Authentication credentials were not provided.");
            response.Headers.GetValues("API-Version").Single().ShouldBe("4.5");
            (await anonymous.PostJsonAsync($"/api/{path}/", new { })).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
        }

        var (root, _) = await anonymous.GetJsonAsync("/api/");
        root.StatusCode.ShouldBe(HttpStatusCode.OK);
        root.Headers.GetValues("API-Version").Single().ShouldBe("4.5");
        (await anonymous.GetJsonAsync("/api/status/")).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (options, metadata) = await anonymous.SendAsync(HttpMethod.Options, "/api/extras/tags/");
        options.StatusCode.ShouldBe(HttpStatusCode.OK);
        metadata!.AsObject().ContainsKey("actions").ShouldBeFalse("OPTIONS without a token shows no actions");
    }

    [Theory]
    [InlineData(1, "Token")]
    [InlineData(1, "token")]
    [InlineData(2, "Token")]
    [InlineData(2, "BEARER")]
    public async Task V1_and_v2_tokens_authenticate_with_either_keyword(int version, string keyword)
    {
        var (header, _, _, _) = await UserWithTokenAsync(new { version }, superuser: true);
        var value = header["Token ".Length..];

        var (response, _) = await api.CreateClient($"{keyword} {value}").GetJsonAsync("/api/extras/tags/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Token 0123456789abcdefghij0123456789abcdefghij", "Invalid v1 token")]
    [InlineData("Bearer nbt_AAAAAAAAAAAA.0123456789abcdefghij0123456789abcdefghij", "Invalid v2 token")]
    [InlineData("Bearer nbt_nodothere", "Invalid authorization header: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?")]
    [InlineData("Token a b", "Invalid authorization header: Must be in the form \"Bearer <key>.<token>\" or \"Token <token>\"")]
    public async Task A_bad_token_is_403_with_netbox_message(string header, string message)
    {
        var (response, body) = await api.CreateClient(header).GetJsonAsync("/api/extras/tags/");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        body!["detail"]!.GetValue<string>().ShouldBe(message);
    }

    [Fact]
    public async Task A_known_v2_key_with_a_wrong_secret_reads_like_an_unknown_one()
    {
        var (header, _, _, token) = await UserWithTokenAsync(superuser: true);
        (await api.CreateClient(header).GetJsonAsync("/api/extras/tags/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK, "the good secret is now cached");

        var (response, body) = await api.CreateClient($"Bearer nbt_{token["key"]!.GetValue<string>()}.{new string('x', 40)}").GetJsonAsync("/api/extras/tags/");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        body!["detail"]!.GetValue<string>().ShouldBe("Invalid v2 token");
    }

    [Fact]
    public async Task Expired_disabled_wrong_ip_and_inactive_user_tokens_are_refused_in_netbox_words()
    {
        var (expired, _, _, _) = await UserWithTokenAsync(new { expires = "2000-01-01T00:00:00Z" }, superuser: true);
        var (disabled, _, _, _) = await UserWithTokenAsync(new { enabled = false }, superuser: true);
        var (fenced, _, _, _) = await UserWithTokenAsync(new { allowed_ips = new[] { "192.0.2.0/24" } }, superuser: true);
        var (inactive, inactiveUser, _, _) = await UserWithTokenAsync(superuser: true);
        await _admin.SendAsync(HttpMethod.Patch, $"/api/users/users/{inactiveUser}/", new { is_active = false });

        async Task<string> DetailAsync(string header, string? ip = null)
        {
            var client = api.CreateClient(header);
            if (ip is not null)
            {
                client.DefaultRequestHeaders.Add(ApiFactory.ClientIpHeader, ip);
            }

            var (response, body) = await client.GetJsonAsync("/api/extras/tags/");
            return response.StatusCode == HttpStatusCode.OK ? "OK" : body!["detail"]!.GetValue<string>();
        }

        (await DetailAsync(expired)).ShouldBe("Token expired");
        (await DetailAsync(disabled)).ShouldBe("Token disabled");
        (await DetailAsync(fenced)).ShouldBe("Source IP 127.0.0.1 is not permitted to authenticate using this token.");
        (await DetailAsync(fenced, "192.0.2.77")).ShouldBe("OK");
        (await DetailAsync(inactive)).ShouldBe("User inactive");
    }

    [Fact]
    public async Task A_read_only_token_reads_but_never_writes()
    {
        var (header, _, _, _) = await UserWithTokenAsync(new { write_enabled = false }, superuser: true);
        var client = api.CreateClient(header);
        var slug = Http.Unique("ro");

        (await client.GetJsonAsync("/api/extras/tags/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (post, body) = await client.PostJsonAsync("/api/extras/tags/", new { name = slug, slug });

        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        body!["detail"]!.GetValue<string>().ShouldBe("You do not have permission to perform this action.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE slug = @slug", new { slug })).ShouldBe(0);
    }

    [Fact]
    public async Task Using_a_token_records_last_used()
    {
        var (header, _, _, token) = await UserWithTokenAsync(superuser: true);
        token["last_used"].ShouldBeNull();

        await api.CreateClient(header).GetJsonAsync("/api/extras/tags/");

        (await api.ScalarAsync<DateTime>("SELECT last_used FROM users_token WHERE id = @id", new { id = token["id"]!.GetValue<long>() }))
            .ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Without_a_permission_a_user_may_do_nothing_and_options_shows_no_actions()
    {
        var (header, _, _, _) = await UserWithTokenAsync();
        var client = api.CreateClient(header);

        var (list, body) = await client.GetJsonAsync("/api/extras/tags/");
        var (_, options) = await client.SendAsync(HttpMethod.Options, "/api/extras/tags/");

        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        body!["detail"]!.GetValue<string>().ShouldBe("You do not have permission to perform this action.");
        options!.AsObject().ContainsKey("actions").ShouldBeFalse();
    }

    [Fact]
    public async Task Constraints_limit_lists_counts_details_and_writes()
    {
        var team = Http.Unique("team");
        var mine = await TagAsync($"{team}-mine");
        var theirs = await TagAsync($"{team}-theirs");
        var (header, userId, _, _) = await UserWithTokenAsync();
        await GrantAsync(userId, "extras.tag", ["view", "add", "change", "delete"], new { description = "mine" });
        await _admin.SendAsync(HttpMethod.Patch, $"/api/extras/tags/{mine}/", new { description = "mine" });
        var client = api.CreateClient(header);

        var (_, list) = await client.GetJsonAsync($"/api/extras/tags/?slug__isw={team}");
        list!["count"]!.GetValue<long>().ShouldBe(1);
        list["results"]![0]!["id"]!.GetValue<long>().ShouldBe(mine);
        (await client.GetJsonAsync($"/api/extras/tags/{theirs}/")).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.SendAsync(HttpMethod.Patch, $"/api/extras/tags/{theirs}/", new { name = "x" })).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A create or change whose result leaves the constraint is refused and rolled back.
        var outside = $"{team}-outside";
        (await client.PostJsonAsync("/api/extras/tags/", new { name = outside, slug = outside, description = "not mine" })).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE slug = @outside", new { outside })).ShouldBe(0);
        (await client.SendAsync(HttpMethod.Patch, $"/api/extras/tags/{mine}/", new { description = "given away" })).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.ScalarAsync<string>("SELECT description FROM extras_tag WHERE id = @mine", new { mine })).ShouldBe("mine");
        var inside = $"{team}-inside";
        (await client.PostJsonAsync("/api/extras/tags/", new { name = inside, slug = inside, description = "mine" })).Response.StatusCode.ShouldBe(HttpStatusCode.Created);

        // Bulk delete acts on the permitted subset only.
        var (deleted, _) = await client.SendAsync(HttpMethod.Delete, "/api/extras/tags/", new[] { new { id = mine }, new { id = theirs } });
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE id = @mine", new { mine })).ShouldBe(0);
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE id = @theirs", new { theirs })).ShouldBe(1);
    }

    [Fact]
    public async Task A_list_of_constraint_sets_is_ored_and_user_token_is_the_callers_id()
    {
        var team = Http.Unique("or");
        var a = await TagAsync($"{team}-a");
        var b = await TagAsync($"{team}-b");
        await TagAsync($"{team}-c");
        var (header, userId, _, _) = await UserWithTokenAsync();
        await GrantAsync(userId, "extras.tag", ["view"], new object[] { new { slug = $"{team}-a" }, new { slug = $"{team}-b" } });
        await GrantAsync(userId, "users.token", ["view"], new { user = "$user" });
        var client = api.CreateClient(header);

        var (_, tags) = await client.GetJsonAsync($"/api/extras/tags/?slug__isw={team}&ordering=slug");
        var (_, tokens) = await client.GetJsonAsync("/api/users/tokens/");

        tags!["results"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ShouldBe([a, b]);
        tokens!["results"]!.AsArray().Select(t => t!["user"]!["id"]!.GetValue<long>()).Distinct().ShouldBe([userId]);
    }

    [Fact]
    public async Task Options_shows_post_to_a_user_who_may_add()
    {
        var (header, userId, _, _) = await UserWithTokenAsync();
        await GrantAsync(userId, "extras.tag", ["view", "add"]);

        var (_, options) = await api.CreateClient(header).SendAsync(HttpMethod.Options, "/api/extras/tags/");

        options!["actions"]!.AsObject().Select(p => p.Key).ShouldBe(["POST"]);
    }

    [Fact]
    public async Task A_token_is_shown_once_and_stored_only_as_a_digest()
    {
        var (_, _, plaintext, token) = await UserWithTokenAsync(superuser: true);
        var id = token["id"]!.GetValue<long>();

        var (_, read) = await _admin.GetJsonAsync($"/api/users/tokens/{id}/");

        read!.AsObject().ContainsKey("token").ShouldBeFalse();
        read.ToJsonString().ShouldNotContain(plaintext);
        await using var conn = api.OpenDatabase();
        var row = (IDictionary<string, object>)await conn.QuerySingleAsync("SELECT * FROM users_token WHERE id = @id", new { id });
        row.Values.Select(v => v?.ToString() ?? "").ShouldAllBe(v => !v.Contains(plaintext));
    }

    [Fact]
    public async Task Passwords_are_pbkdf2_hashes_never_returned_and_provisioning_trades_one_for_a_token()
    {
        var password = "correct horse battery staple";
        var (_, userId, _, _) = await UserWithTokenAsync(password: password, superuser: true);
        var username = await api.ScalarAsync<string>("SELECT username FROM users_user WHERE id = @userId", new { userId });
        var anonymous = api.CreateAnonymousClient();

        var (_, user) = await _admin.GetJsonAsync($"/api/users/users/{userId}/");
        var stored = await api.ScalarAsync<string>("SELECT password FROM users_user WHERE id = @userId", new { userId });
        var (refused, refusal) = await anonymous.PostJsonAsync("/api/users/tokens/provision/", new { username, password = "wrong" });
        var (provisioned, token) = await anonymous.PostJsonAsync("/api/users/tokens/provision/", new { username, password });

        user!.AsObject().ContainsKey("password").ShouldBeFalse();
        stored.ShouldStartWith("pbkdf2_sha256$600000$");
        stored.ShouldNotContain(password);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        refusal!["detail"]!.GetValue<string>().ShouldBe("Invalid username/password");
        provisioned.StatusCode.ShouldBe(HttpStatusCode.Created);
        var header = $"Bearer nbt_{token!["key"]!.GetValue<string>()}.{token["token"]!.GetValue<string>()}";
        (await api.CreateClient(header).GetJsonAsync("/api/extras/tags/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task No_token_secret_or_password_hash_ever_reaches_a_log_line()
    {
        var password = "s3cret-Passw0rd";
        var (header, userId, plaintext, _) = await UserWithTokenAsync(password: password, superuser: true);
        var client = api.CreateClient(header);
        await client.GetJsonAsync("/api/extras/tags/?limit=1");
        await api.CreateClient(header + "x").GetJsonAsync("/api/extras/tags/");
        var hash = await api.ScalarAsync<string>("SELECT password FROM users_user WHERE id = @userId", new { userId });
        var digest = await api.ScalarAsync<string>("SELECT digest FROM users_token WHERE user_id = @userId", new { userId });

        var logs = api.Logs.All;
        logs.ShouldNotBeEmpty("the sink is configured");

        logs.ShouldContain("/api/extras/tags/", Case.Sensitive, "the request log is captured");
        logs.ShouldNotContain(plaintext);
        logs.ShouldNotContain(password);
        logs.ShouldNotContain(hash.Split('$')[3]);
        logs.ShouldNotContain(digest);
        logs.ShouldNotContain(api.AdminToken.Split('.')[1]);
    }

    [Fact]
    public async Task Changing_a_tokens_description_keeps_its_allowed_networks()
    {
        var (_, _, _, token) = await UserWithTokenAsync(new { allowed_ips = new[] { "192.0.2.0/24", "2001:db8::/32" } }, superuser: true);

        var (response, body) = await _admin.SendAsync(HttpMethod.Patch, token["url"]!.GetValue<string>(), new { description = "renamed" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["allowed_ips"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["192.0.2.0/24", "2001:db8::/32"]);
        (await api.ScalarAsync<int>("SELECT cardinality(allowed_ips) FROM users_token WHERE id = @id", new { id = token["id"]!.GetValue<long>() })).ShouldBe(2);
    }

    [Fact]
    public async Task A_token_disabled_behind_the_services_back_is_refused_within_moments()
    {
        var cache = api.Services.GetRequiredService<Proxbox.Api.Infrastructure.Auth.TokenCache>();
        for (var wait = 0; wait < 50 && !cache.Listening; wait++)
        {
            await Task.Delay(100);
        }

        cache.Listening.ShouldBeTrue("the cache is on, so this test is about invalidation, not about a cache that is off");
        var (header, _, _, token) = await UserWithTokenAsync(superuser: true);
        var client = api.CreateClient(header);
        (await client.GetJsonAsync("/api/extras/tags/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        // As another replica or the CLI would: straight in the database, not through this instance.
        await using (var conn = api.OpenDatabase())
        {
            await conn.ExecuteAsync("UPDATE users_token SET enabled = false WHERE id = @id", new { id = token["id"]!.GetValue<long>() });
        }

        var refused = false;
        for (var attempt = 0; attempt < 50 && !refused; attempt++)
        {
            var (response, body) = await client.GetJsonAsync("/api/extras/tags/");
            refused = response.StatusCode == HttpStatusCode.Forbidden && body!["detail"]!.GetValue<string>() == "Token disabled";
            if (!refused)
            {
                await Task.Delay(100);
            }
        }

        refused.ShouldBeTrue("the database's change notification clears every instance's token cache");
    }
}
