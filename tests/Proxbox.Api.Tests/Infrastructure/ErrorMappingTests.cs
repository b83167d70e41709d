using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Tests.Infrastructure;

/// <summary>What the outermost middleware answers when a handler throws: never the exception's text.</summary>
public sealed class ErrorMappingTests
{
    private static async Task<(int Status, JsonNode Body, IHeaderDictionary Headers)> RunAsync(Exception error)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/virtualization/virtual-machines/";
        context.Response.Body = new MemoryStream();
        var pipeline = new ErrorBodies(_ => throw error, NullLogger<ErrorBodies>.Instance);

        await pipeline.InvokeAsync(context);

        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, (await JsonNode.ParseAsync(context.Response.Body))!, context.Response.Headers);
    }

    [Fact]
    public async Task An_unreachable_database_is_a_503_with_retry_after()
    {
        var (status, body, headers) = await RunAsync(new NpgsqlException("Failed to connect to 10.1.2.3:5432", new SocketException((int)SocketError.ConnectionRefused)));

        status.ShouldBe(503);
        body.ToJsonString().ShouldBe("""{"detail":"Database unavailable."}""");
        headers.RetryAfter.ToString().ShouldBe("5");
    }

    [Fact]
    public async Task A_statement_cut_off_by_the_statement_timeout_is_a_503_with_retry_after()
    {
        var (status, body, headers) = await RunAsync(new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", "57014"));

        status.ShouldBe(503);
        body.ToJsonString().ShouldBe("""{"detail":"Database query timed out."}""");
        headers.RetryAfter.ToString().ShouldBe("5");
    }

    [Fact]
    public async Task A_deadlock_that_outlived_its_retry_is_a_503_with_retry_after()
    {
        var (status, body, headers) = await RunAsync(new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"));

        status.ShouldBe(503);
        body.ToJsonString().ShouldBe("""{"detail":"Conflicting concurrent request; try again."}""");
        headers.RetryAfter.ToString().ShouldBe("5");
    }

    [Fact]
    public async Task A_request_whose_client_went_away_is_logged_as_499_and_answers_nothing()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Response.Body = new MemoryStream();
        var pipeline = new ErrorBodies(_ => throw new OperationCanceledException(aborted.Token), NullLogger<ErrorBodies>.Instance);

        await pipeline.InvokeAsync(context);

        context.Response.StatusCode.ShouldBe(499);
        context.Response.Body.Length.ShouldBe(0);
    }

    [Fact]
    public async Task An_unexpected_error_is_a_500_that_reveals_nothing()
    {
        var (status, body, _) = await RunAsync(new InvalidOperationException("SELECT password FROM netbox_proxbox_proxmoxendpoint -- at Proxbox.Api.Secret()"));

        status.ShouldBe(500);
        body.ToJsonString().ShouldBe("""{"detail":"A server error occurred."}""");
    }

    [Fact]
    public async Task A_statement_error_is_not_mistaken_for_an_outage()
    {
        ErrorBodies.IsDatabaseUnavailable(new PostgresException("syntax error", "ERROR", "ERROR", "42601")).ShouldBeFalse();
        ErrorBodies.IsDatabaseUnavailable(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")).ShouldBeTrue();
        ErrorBodies.IsDatabaseUnavailable(new TimeoutException()).ShouldBeTrue();
    }
}
