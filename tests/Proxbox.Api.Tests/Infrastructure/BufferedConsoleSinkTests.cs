using System.Text;
using Proxbox.Api.Infrastructure.Logging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace Proxbox.Api.Tests.Infrastructure;

/// <summary>The request log's stdout sink: lines are batched, but none is lost and a warning is not held back.</summary>
public sealed class BufferedConsoleSinkTests
{
    private static LogEvent Event(LogEventLevel level, string text) =>
        new(DateTimeOffset.UtcNow, level, null, new MessageTemplateParser().Parse(text), []);

    private static string Text(MemoryStream output) => Encoding.UTF8.GetString(output.ToArray());

    [Fact]
    public void Information_lines_wait_for_the_batch_a_warning_takes_them_along_and_dispose_writes_the_rest()
    {
        using var output = new MemoryStream();
        var sink = new BufferedConsoleSink(new MessageTemplateTextFormatter("{Level:u3} {Message}{NewLine}"), output);

        sink.Emit(Event(LogEventLevel.Information, "first request"));
        Text(output).ShouldBeEmpty("an information line waits for the next flush");

        sink.Emit(Event(LogEventLevel.Warning, "slow request"));
        Text(output).ShouldBe($"INF first request{Environment.NewLine}WRN slow request{Environment.NewLine}", "a warning is written at once, after what came before it");

        sink.Emit(Event(LogEventLevel.Information, "last request ✓"));
        sink.Dispose();
        Text(output).ShouldEndWith($"INF last request ✓{Environment.NewLine}");

        sink.Emit(Event(LogEventLevel.Information, "after shutdown"));
        Text(output).ShouldNotContain("after shutdown");
    }

    [Fact]
    public void An_information_event_is_formatted_by_the_flush_not_by_the_thread_that_logs_it_until_too_many_are_held()
    {
        using var output = new MemoryStream();
        var formatter = new CountingFormatter();
        using var sink = new BufferedConsoleSink(formatter, output);

        sink.Emit(Event(LogEventLevel.Information, "request"));
        formatter.Calls.ShouldBe(0, "logging a request line only holds it");

        sink.Flush();
        formatter.Calls.ShouldBe(1);
        Text(output).ShouldBe("request" + Environment.NewLine);

        for (var n = 0; n < 5000; n++)
        {
            sink.Emit(Event(LogEventLevel.Information, "burst"));
        }

        formatter.Calls.ShouldBeGreaterThan(1, "a burst beyond what the sink holds is written by the threads that log it");
        formatter.Calls.ShouldBeLessThan(5001);
        sink.Flush();
        formatter.Calls.ShouldBe(5001, "nothing is lost or written twice");
        Text(output).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(5001);
    }

    private sealed class CountingFormatter : Serilog.Formatting.ITextFormatter
    {
        public int Calls { get; private set; }

        public void Format(LogEvent logEvent, TextWriter output)
        {
            Calls++;
            output.WriteLine(logEvent.MessageTemplate.Text);
        }
    }

    [Fact]
    public async Task A_quiet_service_still_writes_its_lines_within_the_flush_interval()
    {
        using var output = new MemoryStream();
        using var sink = new BufferedConsoleSink(new MessageTemplateTextFormatter("{Message}{NewLine}"), output);

        sink.Emit(Event(LogEventLevel.Information, "only request"));
        var deadline = DateTime.UtcNow + BufferedConsoleSink.FlushInterval * 10;
        while (Text(output).Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Text(output).ShouldBe("only request" + Environment.NewLine);
    }
}
