using Calendar51.Host.Serial;

namespace Calendar51.Host.Stc;

/// <summary>
/// Frames over a transport: encodes and sends host frames, collects chip frames byte by byte under
/// bounded waits, and shows both to the reporter.
/// </summary>
public sealed class StcLink(ISerialTransport port, ITimeSource time, IFlashReporter reporter, CancellationToken cancellation)
{
    /// <summary>Longest pause allowed between two bytes of one frame.</summary>
    public static readonly TimeSpan InterByteTimeout = TimeSpan.FromSeconds(1);

    private readonly Queue<byte> _pending = new();
    private readonly byte[] _chunk = new byte[512];

    public ISerialTransport Port => port;

    public ITimeSource Time => time;

    public CancellationToken Cancellation => cancellation;

    public ChecksumWidth Checksum { get; set; } = ChecksumWidth.Sum8;

    /// <summary>Frames and writes a payload; returns the frame length so callers can time a baud switch.</summary>
    public int Send(ReadOnlySpan<byte> payload)
    {
        var frame = StcFrame.Encode(StcFrame.HostToMcu, payload, Checksum);
        reporter.Frame(true, frame);
        port.Write(frame);
        return frame.Length;
    }

    public void SendRaw(ReadOnlySpan<byte> bytes) => port.Write(bytes);

    /// <summary>Waits until a frame of <paramref name="frameBytes"/> bytes has left the wire, plus a margin for USB latency.</summary>
    public void WaitForWire(int frameBytes) =>
        time.Sleep(Stc89BaudMath.WireTime(frameBytes, port.BaudRate, port.Parity != LineParity.None) + TimeSpan.FromMilliseconds(20), cancellation);

    /// <summary>Reads one chip frame and returns its payload; <paramref name="what"/> names the awaited reply in errors.</summary>
    public byte[] Receive(TimeSpan firstByteTimeout, string what)
    {
        if (!TryReadByte(firstByteTimeout, out var first))
        {
            throw new StcProtocolException($"no reply to {what} within {firstByteTimeout.TotalSeconds:0.#} s");
        }
        var frame = ReceiveFrameStartingWith(first, acceptMissingStart: false, what);
        return StcFrame.Decode(frame, StcFrame.McuToHost, Checksum);
    }

    /// <summary>Collects the rest of a frame whose first byte has been read; returns the raw frame.</summary>
    public byte[] ReceiveFrameStartingWith(byte first, bool acceptMissingStart, string what)
    {
        var frame = new List<byte> { first };
        if (first == StcFrame.Start1)
        {
            NextByte(frame, what);
            if (frame[1] != StcFrame.Start2)
            {
                throw Malformed(frame, $"frame start 46 followed by {frame[1]:X2}, expected B9", what);
            }
            NextByte(frame, what);
        }
        else if (!(first == StcFrame.McuToHost && acceptMissingStart))
        {
            throw Malformed(frame, $"byte {first:X2} where a frame should start (46 B9)", what);
        }
        var direction = frame[^1];
        if (direction != StcFrame.McuToHost)
        {
            throw Malformed(frame, $"direction byte {direction:X2}, expected 68", what);
        }
        NextByte(frame, what);
        NextByte(frame, what);
        var length = (frame[^2] << 8) | frame[^1];
        if (length < 6 || length > StcFrame.MaxLength)
        {
            throw Malformed(frame, $"implausible frame length {length}", what);
        }
        for (var i = 3; i < length; i++)
        {
            NextByte(frame, what);
        }
        var bytes = frame.ToArray();
        reporter.Frame(false, bytes);
        return bytes;
    }

    public bool TryReadByte(TimeSpan timeout, out byte value)
    {
        if (_pending.Count == 0)
        {
            var count = port.Read(_chunk, timeout, cancellation);
            for (var i = 0; i < count; i++)
            {
                _pending.Enqueue(_chunk[i]);
            }
        }
        if (_pending.Count == 0)
        {
            value = 0;
            return false;
        }
        value = _pending.Dequeue();
        return true;
    }

    /// <summary>Forgets everything received so far (after a failed baud test the line carries leftovers).</summary>
    public void DiscardInput()
    {
        _pending.Clear();
        port.DiscardInput();
    }

    private byte NextByte(List<byte> frame, string what)
    {
        if (!TryReadByte(InterByteTimeout, out var value))
        {
            reporter.Frame(false, frame.ToArray());
            throw new StcProtocolException(
                $"reply to {what} stopped after {frame.Count} bytes ({FrameHex.Format(frame.ToArray())}): truncated frame");
        }
        frame.Add(value);
        return value;
    }

    private StcProtocolException Malformed(List<byte> frame, string problem, string what)
    {
        reporter.Frame(false, frame.ToArray());
        return new StcProtocolException($"reply to {what}: {problem} ({FrameHex.Format(frame.ToArray())})");
    }
}
