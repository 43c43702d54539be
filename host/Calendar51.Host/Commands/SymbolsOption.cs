using System.CommandLine;
using Calendar51.Emulator.Debugging;

namespace Calendar51.Host.Commands;

/// <summary>The <c>--symbols FILE</c> option of <c>run --trace</c> and <c>disasm</c>, and loading it (or the .cdb/.map beside the HEX).</summary>
internal static class SymbolsOption
{
    public static Option<string?> Create() => new("--symbols")
    {
        Description = "SDCC symbols for function names and C file:line: a .cdb or .map (default: FILE.cdb, else FILE.map, beside the HEX)",
    };

    /// <summary>Loads the symbols; on a bad or missing explicit file writes one line to <paramref name="error"/> and returns false.</summary>
    public static bool TryLoad(string hexPath, string? explicitPath, TextWriter error, out DebugSymbols? symbols)
    {
        try
        {
            symbols = DebugSymbols.LoadFor(hexPath, explicitPath);
            return true;
        }
        catch (Exception e) when (e is SymbolFormatException or FileNotFoundException)
        {
            error.WriteLine(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{explicitPath ?? hexPath}: cannot read the symbols: {e.Message}");
        }
        symbols = null;
        return false;
    }
}
