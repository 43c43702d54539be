using Calendar51.Host.Serial;
using Calendar51.Host.Stc;

namespace Calendar51.Host.ArduinoIsp;

/// <summary>The ArduinoISP sketch said something we cannot accept, or nothing in time: the session stops with exit code 1.</summary>
public sealed class ArduinoIspProtocolException(string message) : Exception(message);

/// <summary>
/// STK500 v1 commands to the ArduinoISP sketch over a transport: every answer is awaited under a bounded wait,
/// and checked to be framed by INSYNC … OK.
/// </summary>
public sealed class ArduinoIspLink(ISerialTransport port, ITimeSource time, IFlashReporter reporter, CancellationToken cancellation)
{
    /// <summary>Longest wait for an answer: the sketch answers within milliseconds, a USB-UART adds a few.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromMilliseconds(500);

    private readonly byte[] _one = new byte[1];

    public ISerialTransport Port => port;

    /// <summary>Sends a command and returns the <paramref name="replyLength"/> bytes between INSYNC and OK.</summary>
    public byte[] Exchange(byte command, ReadOnlySpan<byte> arguments, int replyLength, string what)
    {
        Send(command, arguments);
        return ReceiveReply(replyLength, what);
    }

    /// <summary>One 4-byte SPI transaction through the universal command; returns the byte the chip shifted out last.</summary>
    public byte Spi(ReadOnlySpan<byte> instruction, string what) => Exchange(Stk500v1.Universal, instruction, 1, what)[0];

    /// <summary>
    /// Two SPI transactions sent back to back before either answer is read: the sketch queues the second in its
    /// receive buffer, so a write and its read-back cost one round trip through the USB-UART instead of two.
    /// </summary>
    public (byte First, byte Second) SpiPair(ReadOnlySpan<byte> first, string firstWhat, ReadOnlySpan<byte> second, string secondWhat)
    {
        Send(Stk500v1.Universal, first);
        Send(Stk500v1.Universal, second);
        return (ReceiveReply(1, firstWhat)[0], ReceiveReply(1, secondWhat)[0]);
    }

    private void Send(byte command, ReadOnlySpan<byte> arguments)
    {
        var frame = Stk500v1.Command(command, arguments);
        reporter.Frame(true, frame);
        port.Write(frame);
    }

    private byte[] ReceiveReply(int replyLength, string what)
    {
        var first = ReadByte(what);
        if (first != Stk500v1.InSync)
        {
            throw new ArduinoIspProtocolException(first switch
            {
                Stk500v1.NoSync => $"the programmer lost sync at {what} (answered 15: it did not see the command's end)",
                Stk500v1.Unknown => $"the programmer does not know the command of {what} (answered 12: is it running the ArduinoISP sketch?)",
                _ => $"the programmer answered {first:X2} to {what}, expected 14 (in sync)",
            });
        }
        var reply = new byte[replyLength];
        for (var i = 0; i < replyLength; i++)
        {
            reply[i] = ReadByte(what);
        }
        var last = ReadByte(what);
        reporter.Frame(false, [first, .. reply, last]);
        if (last != Stk500v1.Ok)
        {
            throw new ArduinoIspProtocolException(last == Stk500v1.Failed
                ? $"the programmer reported failure at {what} (11)"
                : $"the programmer ended its answer to {what} with {last:X2}, expected 10 (OK)");
        }
        return reply;
    }

    /// <summary>One GET_SYNC: true when the sketch answered 14 10, false on silence or anything else (after draining it).</summary>
    public bool TrySync()
    {
        ReadOnlySpan<byte> frame = [Stk500v1.GetSync, Stk500v1.CrcEop];
        port.Write(frame);
        if (!TryReadByte(ReplyTimeout, out var first) || first != Stk500v1.InSync || !TryReadByte(ReplyTimeout, out var second) || second != Stk500v1.Ok)
        {
            port.DiscardInput();
            return false;
        }
        reporter.Frame(true, frame);
        reporter.Frame(false, [Stk500v1.InSync, Stk500v1.Ok]);
        return true;
    }

    public void DiscardInput() => port.DiscardInput();

    private byte ReadByte(string what)
    {
        if (!TryReadByte(ReplyTimeout, out var value))
        {
            throw new ArduinoIspProtocolException($"no answer from the programmer to {what} within {ReplyTimeout.TotalMilliseconds:0} ms");
        }
        return value;
    }

    private bool TryReadByte(TimeSpan timeout, out byte value)
    {
        var deadline = time.Now + timeout;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var left = deadline - time.Now;
            if (port.Read(_one, left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellation) == 1)
            {
                value = _one[0];
                return true;
            }
            if (time.Now >= deadline)
            {
                value = 0;
                return false;
            }
        }
    }
}
