using System.Globalization;
using System.Text.RegularExpressions;

namespace Calendar51.Emulator.Debugging;

/// <summary>
/// Reads the code symbols of an sdld <c>.map</c> (<c>C:   00000074  _add   prog</c>): function names
/// from the <c>_name</c> labels, and with <c>--debug</c> also function ends and C line records. No
/// variables: those need the <c>.cdb</c>.
/// </summary>
public static partial class MapReader
{
    public static DebugSymbols Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such symbol file", path);
        if (info.Length > CdbReader.MaximumSize) throw new SymbolFormatException($"{path}: {info.Length} bytes is too big for a .map (limit {CdbReader.MaximumSize})");
        return Parse(path, File.ReadLines(path));
    }

    public static DebugSymbols Parse(string path, IEnumerable<string> lines)
    {
        var links = new LinkRecords();
        var labels = new List<(string Name, int Address)>();
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            var match = CodeSymbol().Match(line);
            if (!match.Success) continue;
            int address = int.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            string name = match.Groups[2].Value;
            if (address > 0xFFFF) throw new SymbolFormatException($"{path}:{number}: code address 0x{address:X} is beyond 64 KB");
            if (name.StartsWith("_", StringComparison.Ordinal)) labels.Add((name[1..], address));
            else if (name.Contains('$'))
            {
                try
                {
                    links.Add(name, address);
                }
                catch (FormatException e)
                {
                    throw new SymbolFormatException($"{path}:{number}: {e.Message}");
                }
            }
        }
        // The area sizes (l_…, s_…) are not code; C labels are `_name`, SDCC's runtime `__sdcc_…`.
        foreach (var (name, address) in labels) links.AddLabel(name, address);
        return new DebugSymbols(path, links.Functions(_ => (null, false, 0)), links.Lines, [], new Dictionary<string, IReadOnlyList<CField>>());
    }

    [GeneratedRegex(@"^C:\s+([0-9A-Fa-f]{4,8})\s+(\S+)")]
    private static partial Regex CodeSymbol();
}
