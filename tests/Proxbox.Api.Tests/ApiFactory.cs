using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Proxbox.Api.Tests;

/// <summary>
/// The service, hosted in memory against its own fresh database on the run's PostgreSQL. Every test class of the
/// "api" collection shares one instance; tests keep to their own rows by giving them unique names.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Test requests come from this address unless they say otherwise in <see cref="ClientIpHeader"/>.</summary>
    public const string ClientIpHeader = "X-Test-Client-IP";

    public string ConnectionString { get; private set; } = "";

    /// <summary>The bootstrap superuser's token: every client of this factory sends it unless a test says otherwise.</summary>
    public string AdminToken { get; } = Proxbox.Api.Infrastructure.Auth.ApiTokens.V2Header(
        Proxbox.Api.Infrastructure.Auth.ApiTokens.NewKey(), Proxbox.Api.Infrastructure.Auth.ApiTokens.NewSecret());

    /// <summary>This service's key (an external database requires one).</summary>
    public string SecretKey { get; } = Proxbox.Api.Infrastructure.Security.ServerSecret.Generate();

    public async Task InitializeAsync()
    {
        var server = await TestDatabase.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync("api");
        // Warnings only: the request log of hundreds of test requests says nothing a test does not assert.
        Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Default", "Warning");
        _ = Server; // start the host now: migrations run here, not inside the first test
    }

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Proxbox", ConnectionString);
        builder.UseSetting("Proxbox:SecretKey", SecretKey);
        builder.UseSetting("Proxbox:BootstrapToken", AdminToken);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFilter>());
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Token {AdminToken}");
    }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("Authorization");
        return client;
    }

    /// <summary>A client authenticating with <paramref name="header"/> (<c>Token …</c> or <c>Bearer …</c>).</summary>
    public HttpClient CreateClient(string header)
    {
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        return client;
    }

    /// <summary>Configuration a derived factory changes.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>
    /// The in-memory server has no client address; give every request one (loopback, or the test header's) so
    /// that proxy trust is exercised as it is behind a real socket.
    /// </summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var given = context.Request.Headers[ClientIpHeader].ToString();
                context.Connection.RemoteIpAddress = given.Length > 0 ? IPAddress.Parse(given) : IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>A connection to the test database, to check what a request really stored.</summary>
    public NpgsqlConnection OpenDatabase()
    {
        var conn = new NpgsqlConnection(ConnectionString);
        conn.Open();
        return conn;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = OpenDatabase();
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"No value from: {sql}");
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}

/// <summary>Requests as NetBox clients send them, and their answers parsed.</summary>
public static class Http
{
    public static StringContent Json(string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        // pynetbox sends "application/json;", which System.Net's parser refuses: set it verbatim.
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? Json(body is string s ? s : JsonSerializer.Serialize(body));
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> GetJsonAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Get, url);

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string url, object body) => client.SendAsync(HttpMethod.Post, url, body);

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
