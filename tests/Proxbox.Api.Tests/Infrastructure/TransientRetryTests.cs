using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Proxbox.Api.Infrastructure.Mediation;

namespace Proxbox.Api.Tests.Infrastructure;

/// <summary>Which failed requests the mediator runs again, and how often.</summary>
public sealed class TransientRetryTests
{
    private sealed record Write;

    private sealed record Read : IReadRequest;

    private static Task<(int Calls, Exception? Error)> RunAsync(params Exception[] failures) => RunRequestAsync(new Write(), failures);

    private static async Task<(int Calls, Exception? Error)> RunRequestAsync<TRequest>(TRequest request, params Exception[] failures) where TRequest : notnull
    {
        var behavior = new TransientRetryBehavior<TRequest, string>(NullLogger<TransientRetryBehavior<TRequest, string>>.Instance);
        var calls = 0;
        try
        {
            await behavior.Handle(request, CancellationToken.None, () =>
                calls++ < failures.Length ? throw failures[calls - 1] : Task.FromResult("done"));
            return (calls, null);
        }
        catch (Exception error)
        {
            return (calls, error);
        }
    }

    private static PostgresException Error(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    [Fact]
    public async Task A_write_that_lost_a_deadlock_runs_once_more()
    {
        var (calls, error) = await RunAsync(Error(PostgresErrorCodes.DeadlockDetected));

        error.ShouldBeNull();
        calls.ShouldBe(2);
    }

    [Fact]
    public async Task A_write_that_loses_twice_gives_up()
    {
        var (calls, error) = await RunAsync(Error(PostgresErrorCodes.SerializationFailure), Error(PostgresErrorCodes.DeadlockDetected));

        calls.ShouldBe(2);
        error.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.DeadlockDetected);
    }

    [Fact]
    public async Task A_write_whose_connection_broke_is_not_run_again()
    {
        // Its commit may have happened with only the answer lost.
        var (calls, error) = await RunAsync(BrokenConnection());

        calls.ShouldBe(1);
        error.ShouldBeOfType<NpgsqlException>();
    }

    private static NpgsqlException BrokenConnection() => new("Exception while reading from stream", new IOException());

    [Fact]
    public async Task A_read_whose_connection_broke_runs_again_up_to_twice()
    {
        var (calls, error) = await RunRequestAsync(new Read(), BrokenConnection(), BrokenConnection());

        error.ShouldBeNull();
        calls.ShouldBe(3);
    }

    [Fact]
    public async Task A_read_that_keeps_failing_gives_up_after_three_tries()
    {
        var (calls, error) = await RunRequestAsync(new Read(), BrokenConnection(), BrokenConnection(), BrokenConnection());

        calls.ShouldBe(3);
        error.ShouldBeOfType<NpgsqlException>();
    }

    [Fact]
    public async Task A_read_that_failed_for_a_reason_of_its_own_is_not_run_again()
    {
        var (calls, error) = await RunRequestAsync(new Read(), Error(PostgresErrorCodes.UndefinedColumn));

        calls.ShouldBe(1);
        error.ShouldBeOfType<PostgresException>();
    }
}
