namespace Calendar51.Emulator.Isp;

/// <summary>
/// The STC ISP frame: <c>46 B9</c>, direction (<c>6A</c> host→MCU, <c>68</c> MCU→host), big-endian length
/// counted from the direction byte to the end byte, payload, checksum of direction+length+payload, <c>16</c>.
/// The BSL 4.3C status packet omits <c>46 B9</c>; <see cref="Decode"/> accepts both forms.
/// </summary>
public static class StcFrame
{
    public const byte Start1 = 0x46;
    public const byte Start2 = 0xB9;
    public const byte HostToMcu = 0x6A;
    public const byte McuToHost = 0x68;
    public const byte End = 0x16;

    /// <summary>Longest frame we accept from a chip; the largest real reply (a status) is under 80 bytes.</summary>
    public const int MaxLength = 0x200;

    public static byte[] Encode(byte direction, ReadOnlySpan<byte> payload, ChecksumWidth width)
    {
        var length = payload.Length + 4 + (int)width;
        var frame = new byte[2 + length];
        frame[0] = Start1;
        frame[1] = Start2;
        frame[2] = direction;
        frame[3] = (byte)(length >> 8);
        frame[4] = (byte)length;
        payload.CopyTo(frame.AsSpan(5));
        var summed = frame.AsSpan(2, 3 + payload.Length);
        var at = 5 + payload.Length;
        if (width == ChecksumWidth.Sum8)
        {
            frame[at++] = StcChecksum.Sum8(summed);
        }
        else
        {
            var sum = StcChecksum.Sum16(summed);
            frame[at++] = (byte)(sum >> 8);
            frame[at++] = (byte)sum;
        }
        frame[at] = End;
        return frame;
    }

    /// <summary>
    /// Checks a complete frame (with or without <c>46 B9</c>) and returns its payload.
    /// Throws <see cref="StcProtocolException"/> naming the offending byte.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> frame, byte expectedDirection, ChecksumWidth width)
    {
        var skip = frame.Length >= 2 && frame[0] == Start1 && frame[1] == Start2 ? 2 : 0;
        var body = frame[skip..];
        if (body.Length < 4 + (int)width)
        {
            throw new StcProtocolException($"frame too short ({frame.Length} bytes): {FrameHex.Format(frame)}");
        }
        if (body[0] != expectedDirection)
        {
            throw new StcProtocolException($"frame direction byte is {body[0]:X2}, expected {expectedDirection:X2}: {FrameHex.Format(frame)}");
        }
        var length = (body[1] << 8) | body[2];
        if (length != body.Length)
        {
            throw new StcProtocolException($"frame length field says {length}, frame has {body.Length}: {FrameHex.Format(frame)}");
        }
        if (body[^1] != End)
        {
            throw new StcProtocolException($"frame end byte is {body[^1]:X2}, expected {End:X2}: {FrameHex.Format(frame)}");
        }
        var payloadLength = length - 4 - (int)width;
        var summed = body[..(3 + payloadLength)];
        var trailer = body.Slice(3 + payloadLength, (int)width);
        int received = width == ChecksumWidth.Sum8 ? trailer[0] : (trailer[0] << 8) | trailer[1];
        int computed = width == ChecksumWidth.Sum8 ? StcChecksum.Sum8(summed) : StcChecksum.Sum16(summed);
        if (received != computed)
        {
            var digits = width == ChecksumWidth.Sum8 ? "X2" : "X4";
            throw new StcProtocolException(
                $"frame checksum mismatch: received {received.ToString(digits)}, computed {computed.ToString(digits)}: {FrameHex.Format(frame)}");
        }
        return body.Slice(3, payloadLength).ToArray();
    }

    /// <summary>True when the frame's trailer is a valid checksum of the given width (used to tell status packet kinds apart).</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> frame, ChecksumWidth width)
    {
        try
        {
            Decode(frame, McuToHost, width);
            return true;
        }
        catch (StcProtocolException)
        {
            return false;
        }
    }
}
