using Calendar51.Emulator.Debugging;
using Calendar51.Emulator.Hex;

namespace Calendar51.Emulator.Disassembly;

/// <summary>
/// Listing lines <c>address  bytes  mnemonic</c>, e.g. <c>0000  02 00 06  LJMP 0006h</c>, for
/// <c>calendar51 disasm</c> and instruction traces.
/// </summary>
public static class Listing
{
    /// <summary>Width of the bytes column: three bytes "xx xx xx".</summary>
    private const int BytesColumnWidth = 8;

    /// <summary>One line: 4-digit address, the instruction's bytes, its text.</summary>
    public static string FormatLine(int address, ReadOnlySpan<byte> bytes, string text)
    {
        var hexBytes = string.Join(" ", bytes.ToArray().Select(b => b.ToString("X2")));
        return $"{address:X4}  {hexBytes.PadRight(BytesColumnWidth)}  {text}";
    }

    /// <summary>
    /// Disassembles every written range of <paramref name="image"/> in address order. Unwritten space
    /// between and before ranges is skipped and marked with a comment line; each range is decoded from its first byte, and an
    /// instruction cut short by the end of its range is shown as <c>DB</c>.
    /// </summary>
    public static IEnumerable<string> Lines(HexImage image) => Lines(image, null);

    /// <summary>
    /// As <see cref="Lines(HexImage)"/>; with <paramref name="symbols"/>, the first instruction of each
    /// function and of each C line ends with <c>; function+offset file:line</c>.
    /// </summary>
    public static IEnumerable<string> Lines(HexImage image, DebugSymbols? symbols)
    {
        int previousEnd = -1;
        foreach (var range in image.Ranges)
        {
            if (range.Start > previousEnd + 1)
            {
                yield return GapLine(previousEnd + 1, range.Start - 1);
            }
            int address = range.Start;
            while (address <= range.End)
            {
                var bytes = image.Data.AsSpan(address, range.End - address + 1);
                string text = Disassembler.Disassemble(bytes, address, out int length);
                string line = FormatLine(address, bytes[..length], text);
                if (symbols is not null && (symbols.LineStarts.Contains(address) || symbols.FunctionAt(address)?.Start == address))
                {
                    line = WithLocation(line, symbols.Describe(address));
                }
                yield return line;
                address += length;
            }
            previousEnd = range.End;
        }
    }

    /// <summary>Width up to the location comment: address, bytes and a mnemonic column of 24.</summary>
    private const int LocationColumn = 4 + 2 + BytesColumnWidth + 2 + 24;

    /// <summary>Appends <c>; location</c> in a column after the instruction (nothing when the location is empty).</summary>
    public static string WithLocation(string line, string location) =>
        location.Length == 0 ? line : $"{line.PadRight(LocationColumn)}  ; {location}";

    private static string GapLine(int first, int last) =>
        $"; {first:X4}-{last:X4} not in the file ({last - first + 1} bytes)";
}
