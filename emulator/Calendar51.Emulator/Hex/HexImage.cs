namespace Calendar51.Emulator.Hex;

/// <summary>A contiguous run of bytes written by a HEX file: <see cref="Start"/> up to and including <see cref="End"/>.</summary>
public readonly record struct HexRange(int Start, int Length)
{
    /// <summary>The last address of the range.</summary>
    public int End => Start + Length - 1;
}

/// <summary>
/// The 64 KB code image a HEX file describes. Bytes no record wrote read 0xFF, as erased flash does;
/// <see cref="IsWritten"/> and <see cref="Ranges"/> tell written bytes from erased ones.
/// </summary>
public sealed class HexImage
{
    /// <summary>The 8051's 64 KB code address space.</summary>
    public const int AddressSpaceSize = 0x10000;
    /// <summary>What unwritten bytes hold, as erased flash does.</summary>
    public const byte ErasedByte = 0xFF;

    private readonly bool[] _written;

    internal HexImage(byte[] data, bool[] written, int? startAddress)
    {
        Data = data;
        _written = written;
        StartAddress = startAddress;
        Ranges = FindRanges(written);
        HighestAddress = Ranges.Count == 0 ? -1 : Ranges[^1].End;
        WrittenByteCount = Ranges.Sum(r => r.Length);
    }

    /// <summary>All 65536 bytes of code space; unwritten ones are 0xFF.</summary>
    public byte[] Data { get; }

    /// <summary>The written bytes as ascending, non-adjacent ranges.</summary>
    public IReadOnlyList<HexRange> Ranges { get; }

    /// <summary>Highest written address, or -1 when the file holds no data.</summary>
    public int HighestAddress { get; }

    /// <summary>How many bytes the file wrote.</summary>
    public int WrittenByteCount { get; }

    /// <summary>
    /// Entry point from a start-address record: type 05 gives it directly, type 03 as CS:IP (CS × 16 + IP).
    /// Null when the file has none (the 8051 starts at 0000h regardless).
    /// </summary>
    public int? StartAddress { get; }

    /// <summary>Whether a record wrote <paramref name="address"/>.</summary>
    public bool IsWritten(int address) => (uint)address < AddressSpaceSize && _written[address];

    private static List<HexRange> FindRanges(bool[] written)
    {
        var ranges = new List<HexRange>();
        int address = 0;
        while (address < written.Length)
        {
            if (!written[address])
            {
                address++;
                continue;
            }
            int start = address;
            while (address < written.Length && written[address])
            {
                address++;
            }
            ranges.Add(new HexRange(start, address - start));
        }
        return ranges;
    }
}
