using Calendar51.Host.Serial;

namespace Calendar51.Host.ClockLink;

/// <summary>The board did not answer, or answered something we cannot accept.</summary>
public sealed class ClockProtocolException(string message) : Exception(message);

/// <summary>
/// Talks to the clock firmware over a serial port (real board or the emulator's pty): reads and sets its
/// time and measures its offset from the PC clock. Every wait is bounded.
/// </summary>
public sealed class ClockClient(ISerialTransport port, ITimeSource time, Func<DateTime> localNow, CancellationToken cancellation)
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How long to keep polling for the board's seconds digit to turn (a little over one second).</summary>
    public static readonly TimeSpan SecondTurnWindow = TimeSpan.FromSeconds(1.6);

    /// <summary>Least time needed to prepare a set command before the second turns.</summary>
    private static readonly TimeSpan PrepareMargin = TimeSpan.FromMilliseconds(50);

    private readonly ClockLineFramer _framer = new();
    private readonly byte[] _chunk = new byte[256];

    /// <summary>How long the firmware gets to answer a line that only ends what was left (e.g. ERR CHAR after a flash attempt's 7F bytes).</summary>
    private static readonly TimeSpan PartialLineSettle = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Ends whatever partial line the firmware still holds (a flash attempt leaves 7F bytes, an
    /// interrupted command its start) with CR LF, and drops the answer to it, so the first real command
    /// starts on a fresh line.
    /// </summary>
    public void EndPartialLine()
    {
        port.Write(ClockMessages.Encode(""));
        time.Sleep(PartialLineSettle, cancellation);
        DiscardInput();
    }

    public BoardVersion QueryVersion()
    {
        var line = Exchange(ClockMessages.QueryVersion, l => l.StartsWith("V=", StringComparison.Ordinal));
        return ClockMessages.TryParseVersion(line, out var version)
            ? version!
            : throw new ClockProtocolException($"malformed version reply '{line}' (expected 'V=Calendar51 <version> <board> <crystal Hz>')");
    }

    public (TimeSample Sample, BoardTime Board) QueryTime()
    {
        var sent = localNow();
        var line = Exchange(ClockMessages.QueryTime, l => l.StartsWith("T=", StringComparison.Ordinal));
        var received = localNow();
        if (!ClockMessages.TryParseTime(line, out var board, out var problem))
        {
            throw new ClockProtocolException(problem);
        }
        return (new TimeSample(sent, received, board!.Time), board);
    }

    /// <summary>
    /// Sets the board to the PC's local time, timed so the command's last byte arrives as the PC's second
    /// turns; returns the time that was set.
    /// </summary>
    public DateTime SetTimeAtNextSecond()
    {
        var now = localNow();
        var target = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, now.Kind).AddSeconds(1);
        var bytes = ClockMessages.Encode(ClockMessages.SetTime(target));
        var wire = TimeSpan.FromSeconds(bytes.Length * 10.0 / port.BaudRate);
        if (target - wire - now < PrepareMargin)
        {
            target = target.AddSeconds(1);
            bytes = ClockMessages.Encode(ClockMessages.SetTime(target));
        }
        DiscardInput();
        time.Sleep(target - wire - localNow(), cancellation);
        port.Write(bytes);
        var reply = ReadLine(l => l.StartsWith("OK", StringComparison.Ordinal) || l.StartsWith("ERR", StringComparison.Ordinal), "T=");
        if (!ClockMessages.TryParseSetReply(reply, out var error))
        {
            throw new ClockProtocolException($"unexpected reply '{reply}' to the set command");
        }
        if (error is not null)
        {
            throw new ClockProtocolException($"the board refused {ClockMessages.SetTime(target)}: {error}");
        }
        return target;
    }

    /// <summary>Polls <c>T?</c> until the board's second turns and derives the sub-second offset.</summary>
    public OffsetMeasurement MeasureOffset()
    {
        var samples = new List<TimeSample>();
        var until = time.Now + SecondTurnWindow;
        while (time.Now < until)
        {
            samples.Add(QueryTime().Sample);
            if (ClockOffset.FromSecondTurn(samples) is { } measurement)
            {
                return measurement;
            }
        }
        throw new ClockProtocolException(
            $"the board's seconds did not advance over {SecondTurnWindow.TotalSeconds:0.#} s of polling (is the clock stopped? DS1302 CH bit set?)");
    }

    private string Exchange(string command, Func<string, bool> isAnswer)
    {
        DiscardInput();
        port.Write(ClockMessages.Encode(command));
        return ReadLine(isAnswer, command);
    }

    private void DiscardInput()
    {
        port.DiscardInput();
        while (_framer.TryTake(out _))
        {
        }
    }

    /// <summary>Reads lines until one answers the command; unrelated lines (a boot banner) are skipped. Bounded by <see cref="ReplyTimeout"/>.</summary>
    private string ReadLine(Func<string, bool> isAnswer, string command)
    {
        var deadline = time.Now + ReplyTimeout;
        var skipped = new List<string>();
        var bytesHeard = 0;
        while (true)
        {
            while (_framer.TryTake(out var line))
            {
                if (isAnswer(line))
                {
                    return line;
                }
                if (line.StartsWith("ERR", StringComparison.Ordinal))
                {
                    throw new ClockProtocolException($"the board answered '{line}' to {command}");
                }
                skipped.Add(line);
            }
            var left = deadline - time.Now;
            if (left <= TimeSpan.Zero)
            {
                var heard = skipped.Count > 0 ? $"only '{string.Join("', '", skipped.Take(3))}'"
                    : bytesHeard > 0 ? $"{bytesHeard} bytes but no complete line"
                    : "nothing";
                throw new ClockProtocolException(
                    $"no answer to {command} within {ReplyTimeout.TotalSeconds:0.#} s (heard {heard}); is the clock firmware running at {port.BaudRate} baud? 12 MHz boards talk at 4800 baud, 11.0592 MHz ones at 9600: try --board or --baud");
            }
            var count = port.Read(_chunk, left, cancellation);
            bytesHeard += count;
            _framer.Feed(_chunk.AsSpan(0, count));
        }
    }
}
