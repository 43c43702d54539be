using Calendar51.Emulator;
using System.CommandLine;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Debugging;
using Calendar51.Emulator.Disassembly;
using Calendar51.Emulator.Hex;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>calendar51 disasm FILE.hex [--part NAME] [--symbols FILE]</c>: a listing of every range the HEX
/// file writes; with SDCC symbols (a <c>.cdb</c> or <c>.map</c> beside the HEX, or <c>--symbols</c>)
/// function names and C <c>file:line</c> where functions and lines begin.
/// Exit codes: 0 listed; 1 bad command line; 2 the file cannot be read or is not valid Intel HEX
/// (or, with <c>--part</c>, does not fit the part's code size), or the symbol file is bad — the reason goes to stderr.
/// </summary>
public static class DisasmCommand
{
    public const int ExitBadHexFile = 2;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Intel HEX file (.hex / .ihx)" };
        var part = new Option<string?>("--part")
        {
            Description = "Part whose code size the file must fit (default: the whole 64 KB code space)",
        };
        part.AcceptOnlyFromAmong(PartSpec.All.Select(p => p.Name).ToArray());
        var symbols = SymbolsOption.Create();

        var command = new Command("disasm", """
            Disassemble an Intel HEX file: address, bytes, mnemonic (and function, C file:line with symbols).

            Exit codes: 0 listed; 1 bad command line; 2 the HEX file or its symbols are unreadable or malformed (file:line on stderr).
            """) { file, part, symbols };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetRequiredValue(file);
            var partName = parseResult.GetValue(part);
            var spec = partName is null ? null : PartSpec.Get(partName);
            return Run(path.ToString(), spec, parseResult.GetValue(symbols), output, error);
        });
        return command;
    }

    private static int Run(string path, PartSpec? part, string? symbolsPath, TextWriter output, TextWriter error)
    {
        HexImage image;
        try
        {
            image = IntelHex.Load(path, part?.CodeSize ?? HexImage.AddressSpaceSize);
        }
        catch (Exception e) when (e is HexFormatException or InputFileException)
        {
            error.WriteLine(e.Message);
            return ExitBadHexFile;
        }

        if (!SymbolsOption.TryLoad(path, symbolsPath, error, out var debugSymbols)) return ExitBadHexFile;
        string fits = part is null ? "" : $", part {part.Name} ({part.CodeSize} bytes of code)";
        output.WriteLine($"; {path}: {image.WrittenByteCount} bytes in {image.Ranges.Count} range(s){fits}");
        if (debugSymbols is not null) output.WriteLine($"; symbols: {debugSymbols.SourcePath}");
        foreach (var line in Listing.Lines(image, debugSymbols))
        {
            output.WriteLine(line);
        }
        return 0;
    }
}
