namespace Calendar51.Emulator.Isp;

/// <summary>Which trailer a frame carries: the classic STC89 bootloader sums into one byte, BSL 7.x and STC12+ into two.</summary>
public enum ChecksumWidth
{
    Sum8 = 1,
    Sum16 = 2,
}

/// <summary>The STC frame checksums: plain byte sums, truncated.</summary>
public static class StcChecksum
{
    public static byte Sum8(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }
        return (byte)sum;
    }

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
