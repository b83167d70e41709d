using System.Text.Json.Nodes;

namespace Proxbox.Api.Tests.Features.Users;

[Collection(ApiCollection.Name)]
public sealed class UserShapeTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_user_token_and_permission_json_shapes_are_pinned()
    {
        var (_, user) = await _client.PostJsonAsync("/api/users/users/", new { username = "snapshot-user", email = "ops@example.com", first_name = "Snap", password = "pinned-password" });
        var (_, token) = await _client.PostJsonAsync("/api/users/tokens/", new { user = user!["id"]!.GetValue<long>(), description = "pinned", allowed_ips = new[] { "10.0.0.0/8" } });
        var (_, permission) = await _client.PostJsonAsync("/api/users/permissions/", new
        {
            name = "snapshot permission", object_types = new[] { "extras.tag" }, actions = new[] { "view" }, constraints = new { slug = "x" },
            users = new[] { user["id"]!.GetValue<long>() },
        });
        var (_, tokenRead) = await _client.GetJsonAsync(token!["url"]!.GetValue<string>());
        foreach (var generated in new[] { "key", "display", "token" })
        {
            token[generated] = "<generated>";
            if (tokenRead!.AsObject().ContainsKey(generated))
            {
                tokenRead[generated] = "<generated>";
            }
        }

        tokenRead!.AsObject().ContainsKey("token").ShouldBeFalse("the plaintext is shown on creation only");

        Approvals.Normalize(new JsonObject
        {
            ["user"] = await Approvals.ContractAsync(_client, user, new { username = "", email = "not-an-email" }),
            ["token_created"] = token.DeepClone(),
            ["token"] = await Approvals.ContractAsync(_client, tokenRead, new { user = 987654321, allowed_ips = new[] { "not-a-network" } }, "key", "display"),
            ["permission"] = await Approvals.ContractAsync(_client, permission!, new { name = "", actions = new[] { "fly" } }),
        }).ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
