using System.Net;

namespace Proxbox.Api.Tests.Features.Operations;

/// <summary>A client of a new user who holds exactly one object permission.</summary>
public static class Permissions
{
    public static async Task<HttpClient> ClientAsync(ApiFactory api, HttpClient admin, string[] objectTypes, string[] actions, object? constraints)
    {
        var (userResponse, user) = await admin.PostJsonAsync("/api/users/users/", new { username = Http.Unique("ops") });
        userResponse.StatusCode.ShouldBe(HttpStatusCode.Created, user?.ToJsonString());
        var userId = user!["id"]!.GetValue<long>();
        var (_, token) = await admin.PostJsonAsync("/api/users/tokens/", new { user = userId });
        var (granted, permission) = await admin.PostJsonAsync("/api/users/permissions/", new
        {
            name = Http.Unique("perm"), object_types = objectTypes, actions, constraints, users = new[] { userId },
        });
        granted.StatusCode.ShouldBe(HttpStatusCode.Created, permission?.ToJsonString());
        return api.CreateClient($"Token nbt_{token!["key"]!.GetValue<string>()}.{token["token"]!.GetValue<string>()}");
    }
}
