namespace Calendar51.Emulator.Isp;

/// <summary>Which trailer a frame carries: the classic STC89 bootloader sums into one byte, BSL 7.x and STC12+ into two.</summary>
public enum ChecksumWidth
{
    /// <summary>One byte: the sum modulo 256.</summary>
    Sum8 = 1,
    /// <summary>Two bytes, big-endian: the sum modulo 65536.</summary>
    Sum16 = 2,
}

/// <summary>The STC frame checksums: plain byte sums, truncated.</summary>
public static class StcChecksum
{
    /// <summary>The sum of <paramref name="bytes"/> modulo 256.</summary>
    public static byte Sum8(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }
        return (byte)sum;
    }

    /// <summary>The sum of <paramref name="bytes"/> modulo 65536.</summary>
    public static ushort Sum16(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }
        return (ushort)sum;
    }
}
