using System.Globalization;
using Calendar51.Host.ClockLink;
using Calendar51.Host.Serial;

namespace Calendar51.Tests.ClockLink;

/// <summary>
/// A stand-in for the clock firmware at the far end of a pty: answers T?, T= and V? from a clock that runs
/// at the PC's rate plus an offset. It exists until the emulator's serial pty can serve these tests.
/// </summary>
public sealed class FakeClockResponder : IDisposable
{
    private readonly ISerialTransport _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private TimeSpan _offset;

    public FakeClockResponder(string ptyPath, TimeSpan initialOffset)
    {
        _offset = initialOffset;
        _port = SystemSerialTransport.Open(ptyPath, 9600, LineParity.None);
        _loop = Task.Run(Serve);
    }

    public enum Behaviour
    {
        Normal,
        Silent,
        RefuseSet,
        Chatter,
    }

    public Behaviour Mode { get; set; } = Behaviour.Normal;

    /// <summary>Each T= received: the value, and the PC time its line ended.</summary>
    public List<(DateTime Value, DateTime ArrivedAt)> SetCommands { get; } = [];

    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    private DateTime BoardNow => DateTime.Now + Offset;

    private void Serve()
    {
        var framer = new ClockLineFramer();
        var buffer = new byte[256];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (Mode == Behaviour.Chatter)
                {
                    _port.Write("noise without end "u8);
                }
                var count = _port.Read(buffer, TimeSpan.FromMilliseconds(2), _stop.Token);
                framer.Feed(buffer.AsSpan(0, count));
                while (framer.TryTake(out var line))
                {
                    var arrived = DateTime.Now;
                    if (Mode is Behaviour.Silent or Behaviour.Chatter)
                    {
                        continue;
                    }
                    var reply = Answer(line, arrived);
                    _port.Write(ClockMessages.Encode(reply));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Test finished.
        }
    }

    private string Answer(string line, DateTime arrived)
    {
        if (line == "T?")
        {
            var now = BoardNow;
            var whole = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond);
            return $"T={whole:yyyy-MM-dd HH:mm:ss} {ClockMessages.IsoWeekday(whole)}";
        }
        if (line == "V?")
        {
            return "V=Calendar51 0.1.0 fake-pty 11059200";
        }
        if (line.StartsWith("T=", StringComparison.Ordinal))
        {
            if (Mode == Behaviour.RefuseSet)
            {
                return "ERR rtc write-protected";
            }
            if (!DateTime.TryParseExact(line[2..], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                return "ERR bad time";
            }
            lock (_gate)
            {
                SetCommands.Add((value, arrived));
                // Like a DS1302 write: the seconds restart at the moment of the write.
                _offset = value - arrived;
            }
            return "OK";
        }
        return "ERR unknown command";
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(2000);
        _port.Dispose();
        _stop.Dispose();
    }
}
