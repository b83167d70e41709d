using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Proxbox.Api.Infrastructure.Logging;

/// <summary>
/// Writes log lines to stdout in batches: an event is only held where it happens, and every
/// <see cref="FlushInterval"/> the held events are formatted and go to stdout in one write; a warning or worse, or
/// <see cref="MaxHeld"/> events, are written at once by the thread that logs them, after everything before them. A
/// request line therefore costs neither its formatting, nor a write system call, nor a thread woken per request (a
/// queue drained by a worker wakes one), which together were a fifth of a small GET's time on a small machine. On
/// shutdown the rest is written; a killed process loses at most the last <see cref="FlushInterval"/> of
/// information lines.
/// </summary>
public sealed class BufferedConsoleSink : ILogEventSink, IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private const int FlushChars = 64 * 1024;
    private const int MaxHeld = 4096;

    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _out;
    private readonly Timer _timer;
    private readonly Lock _holding = new(); // _held, _disposed
    private readonly Lock _writing = new(); // _out; taken before _holding, so batches are written in the order they were held
    private List<LogEvent> _held = [];
    private bool _disposed;

    public BufferedConsoleSink(ITextFormatter formatter, Stream? output = null)
    {
        _formatter = formatter;
        _out = new StreamWriter(output ?? Console.OpenStandardOutput(), new UTF8Encoding(false), FlushChars) { AutoFlush = false };
        _timer = new Timer(static sink => ((BufferedConsoleSink)sink!).Flush(), this, FlushInterval, FlushInterval);
    }

    public void Emit(LogEvent logEvent)
    {
        bool now;
        lock (_holding)
        {
            if (_disposed)
            {
                return;
            }

            _held.Add(logEvent);
            now = logEvent.Level >= LogEventLevel.Warning || _held.Count >= MaxHeld;
        }

        if (now)
        {
            Flush();
        }
    }

    /// <summary>Formats and writes every event held so far.</summary>
    public void Flush()
    {
        lock (_writing)
        {
            List<LogEvent> batch;
            lock (_holding)
            {
                if (_held.Count == 0)
                {
                    return;
                }

                batch = _held;
                _held = [];
            }

            try
            {
                foreach (var logEvent in batch)
                {
                    _formatter.Format(logEvent, _out);
                }

                _out.Flush();
            }
            catch (IOException)
            {
                // A closed stdout (its reader went away) must not take requests down with it; those lines are lost.
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_holding)
        {
            _disposed = true;
        }

        Flush();
    }
}
