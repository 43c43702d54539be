using Calendar51.Emulator;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Debugging;
using Calendar51.Emulator.Disassembly;
using Calendar51.Emulator.Hex;
using Calendar51.Emulator.LogicAnalyser;
using Calendar51.Emulator.Timing;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>calendar51 run FILE.hex… [--part NAME] [--max-cycles N] [--until-pc ADDR] [--dump-state] [--trace] [--engine translator|interpreter]</c>:
/// runs each HEX headless from reset and says on stderr why it stopped; several files run one after
/// another in one process (a test suite pays start-up once), one JSON line each with --dump-state.
/// Exit codes: 0 ran and stopped (cycle limit, --until-pc, self-jump or power-down);
/// 1 bad command line (including --signals naming no signal, and --vcd or --symbols with several
/// files); 2 a HEX file is unreadable, malformed or too big for the part (in a batch the other files
/// still run), or the --vcd file cannot be written.
/// </summary>
public static class RunCommand
{
    public const int ExitBadCommandLine = 1;
    public const int ExitBadInput = 2;
    public const long DefaultMaxCycles = 1_000_000_000;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("file")
        {
            Description = "Intel HEX file (.hex / .ihx); several run one after another in this process, each from reset",
            Arity = ArgumentArity.OneOrMore,
        };
        var part = new Option<string>("--part")
        {
            Description = "MCU part: " + string.Join(", ", PartSpec.All.Select(p => p.Name)),
            DefaultValueFactory = _ => PartSpec.At89C52.Name,
        };
        part.AcceptOnlyFromAmong(PartSpec.All.Select(p => p.Name).ToArray());
        var maxCycles = new Option<long>("--max-cycles")
        {
            Description = "Stop at the first instruction boundary at or past this many machine cycles",
            DefaultValueFactory = _ => DefaultMaxCycles,
        };
        var untilPc = new Option<string?>("--until-pc") { Description = "Stop when PC reaches this address (e.g. 0x01A3), before executing it" };
        var dumpState = new Option<bool>("--dump-state") { Description = "Print the final state as one JSON object on stdout" };
        var trace = new Option<bool>("--trace") { Description = "Print one line per instruction: cycle, PC, bytes, mnemonic, A, PSW, SP (and function, C file:line with symbols)" };
        var symbols = SymbolsOption.Create();
        var board = new Option<string?>("--board")
        {
            Description = "Attach a board from schematics/ (e.g. prechin-a2): its MCU part, crystal and chips; prints the LCD at the end",
        };

        var compat = new Option<string>("--compat")
        {
            Description = "Whose rules the core follows where they differ: manual (Intel MCS-51 manual, default) or s51 (ucsim's s51 0.6.4, departures included)",
            DefaultValueFactory = _ => "manual",
        };
        compat.AcceptOnlyFromAmong("manual", "s51");
        var uartOut = new Option<string?>("--uart-out") { Description = "Write every byte the UART transmits to FILE, or to stdout with -" };
        var engine = EngineOption.Create();

        var command = new Command("run", """
            Run Intel HEX files headless from reset; several files run one after another in this process, each from reset.

            Exit codes: 0 ran and stopped (cycle limit, --until-pc, self-jump or power-down); 1 bad command line;
            2 a HEX file or the board is unreadable, malformed or too big for the part (file:line on stderr;
            in a batch the other files still run).
            """)
        {
            files, part, maxCycles, untilPc, dumpState, trace, board, symbols, compat, uartOut, engine,
        };
        var analyser = new LogicAnalyserOptions(command);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var paths = parseResult.GetRequiredValue(files).Select(f => f.ToString()).ToArray();
            var spec = PartSpec.Get(parseResult.GetRequiredValue(part));
            int stopPc = -1;
            var untilText = parseResult.GetValue(untilPc);
            if (untilText is not null && !TryParseAddress(untilText, out stopPc))
            {
                error.WriteLine($"--until-pc: '{untilText}' is not an address (use hex like 0x01A3)");
                return ExitBadCommandLine;
            }
            long limit = parseResult.GetValue(maxCycles);
            if (limit < 0)
            {
                error.WriteLine($"--max-cycles {limit}: must be 0 or more");
                return ExitBadCommandLine;
            }
            if (paths.Length > 1 && (analyser.Wanted(parseResult) || parseResult.GetValue(symbols) is not null || parseResult.GetValue(uartOut) is not null))
            {
                error.WriteLine("--vcd, --signals, --symbols and --uart-out belong to one HEX file; run several files without them");
                return ExitBadCommandLine;
            }
            BoardDescription? boardDescription = null;
            if (parseResult.GetValue(board) is { } boardName)
            {
                try
                {
                    boardDescription = BoardCatalog.Load(boardName);
                }
                catch (Exception e) when (e is BoardFormatException or FileNotFoundException or IOException)
                {
                    error.WriteLine(e.Message);
                    return ExitBadInput;
                }
                if (parseResult.GetResult(part) is null || parseResult.GetResult(part)!.Implicit) spec = boardDescription.Mcu;
                else if (spec != boardDescription.Mcu)
                {
                    error.WriteLine($"--part {spec.Name} contradicts board {boardDescription.Name}, which carries a {boardDescription.Mcu.Name}");
                    return ExitBadInput;
                }
            }
            var compatibility = parseResult.GetValue(compat) == "s51" ? Compatibility.S51 : Compatibility.Manual;
            if (boardDescription is not null && compatibility != Compatibility.Manual)
            {
                error.WriteLine("--compat s51 applies to a bare core; a --board always follows the manual");
                return ExitBadInput;
            }
            var settings = new RunSettings(spec, boardDescription, limit, stopPc, parseResult.GetValue(dumpState),
                parseResult.GetValue(trace), parseResult.GetValue(symbols), compatibility, EngineOption.Get(parseResult, engine),
                parseResult.GetValue(uartOut), parseResult, analyser);
            if (paths.Length == 1) return RunFile(paths[0], settings, output, error, batch: false);
            // Batch: every file from reset in this one process; a bad file is reported and the rest still run.
            int exit = 0;
            foreach (var path in paths)
            {
                if (RunFile(path, settings, output, error, batch: true) != 0) exit = ExitBadInput;
            }
            return exit;
        });
        return command;
    }

    private sealed record RunSettings(PartSpec Part, BoardDescription? Board, long MaxCycles, int UntilPc, bool DumpState, bool Trace,
        string? Symbols, Compatibility Compatibility, ExecutionEngine Engine, string? UartOut, ParseResult ParseResult, LogicAnalyserOptions Analyser);

    /// <summary>
    /// One HEX from reset. In a batch, stderr lines start with the file name and the JSON object names
    /// its file (an unreadable file gets an object with "error"), so each output line stands alone.
    /// </summary>
    private static int RunFile(string path, RunSettings settings, TextWriter output, TextWriter error, bool batch)
    {
        var spec = settings.Part;
        var attached = settings.Board is { } description ? new VirtualBoard(description) : null;
        var cpu = attached?.Cpu ?? new Mcs51(spec, settings.Compatibility);
        cpu.Engine = settings.Engine;
        string? problem = null;
        try
        {
            var image = IntelHex.Load(path, spec.CodeSize);
            cpu.LoadCode(image.Data.AsSpan(0, spec.CodeSize));
        }
        catch (Exception e) when (e is HexFormatException or InputFileException)
        {
            problem = e.Message;
        }
        if (problem is not null)
        {
            error.WriteLine(problem);
            if (batch && settings.DumpState) output.WriteLine($"{{{FileField(path)},\"error\":{JsonString(problem)}}}");
            return ExitBadInput;
        }

        using var uartSink = UartOutput.Open(settings.UartOut, output, error);
        if (uartSink is { Failed: true }) return ExitBadInput;
        uartSink?.Attach(cpu);

        bool json = settings.DumpState;
        LogicProbe? probe = null;
        if (settings.Analyser.Wanted(settings.ParseResult))
        {
            try
            {
                probe = settings.Analyser.Create(settings.ParseResult, attached is null ? WireSignals.OfBareMcu() : WireSignals.Of(attached.Description));
            }
            catch (LogicProbeException e)
            {
                error.WriteLine(e.Message);
                return e.BadCommandLine ? 1 : ExitBadInput;
            }
            string comment = $"calendar51 run {Path.GetFileName(path)}";
            if (attached is not null) probe.Attach(attached, $"{comment} on {attached.Description.Name}");
            else probe.Attach(cpu, BareMcuClock, $"{comment} on a bare {spec.Name}, timed as a 12 MHz crystal");
            var decodedLines = json ? error : output;
            probe.Decoded += line => decodedLines.WriteLine(line);
        }
        using var disposeProbe = probe;

        DebugSymbols? debugSymbols = null;
        if (settings.Trace && !SymbolsOption.TryLoad(path, settings.Symbols, error, out debugSymbols)) return ExitBadInput;

        // With a board attached its events (chips, keys, serial bits) must be delivered on time.
        Func<long, int, StopReason> runTo = attached is null
            ? cpu.Run
            : (until, pcStop) => attached.RunUntil(until, pcStop, stopAtSelfJump: true);
        StopReason reason;
        try
        {
            reason = settings.Trace
                ? RunTraced(cpu, runTo, settings.MaxCycles, settings.UntilPc, debugSymbols, output)
                : runTo(settings.MaxCycles, settings.UntilPc);
            probe?.Finish();
        }
        catch (IOException e) when (probe is { IsRecording: true })
        {
            error.WriteLine($"--vcd: cannot write: {e.Message}");
            return ExitBadInput;
        }
        error.WriteLine((batch ? path + ": " : "") + Describe(reason, cpu));
        if (json)
        {
            string state = StateDump.ToJson(cpu);
            output.WriteLine(batch ? "{" + FileField(path) + "," + state[1..] : state);
        }
        if (attached is not null) ReportBoard(attached, json ? error : output, error);
        return 0;
    }

    private static string FileField(string path) => "\"file\":" + JsonString(path);

    private static string JsonString(string text) => "\"" + JsonEncodedText.Encode(text).ToString() + "\"";

    /// <summary>The LCD as text (stdout, or stderr when stdout carries the JSON), then the chips' per-rule summary and every error.</summary>
    private static void ReportBoard(VirtualBoard board, TextWriter lcdOutput, TextWriter error)
    {
        if (board.Lcd is { } lcd)
        {
            foreach (var line in LcdTextRenderer.RenderLines(lcd.Panel(board.Cpu.Cycles))) lcdOutput.WriteLine(line);
        }
        foreach (var line in new DiagnosticReport(board.Diagnostics).Lines()) error.WriteLine(line);
    }

    /// <summary>A bare MCU has no crystal; its VCD is timed as on the usual 12 MHz (one machine cycle a microsecond).</summary>
    private static readonly MachineClock BareMcuClock = new(12_000_000);

    private static StopReason RunTraced(Mcs51 cpu, Func<long, int, StopReason> runTo, long maxCycles, int untilPc, DebugSymbols? symbols, TextWriter output)
    {
        cpu.InterruptTaken += (source, cycle) =>
            output.WriteLine($"{cycle,12}  interrupt {source} -> vector {0x03 + 8 * source:X4}h");
        Span<byte> bytes = stackalloc byte[3];
        while (cpu.Cycles < maxCycles)
        {
            if (cpu.PC == untilPc) return StopReason.UntilPc;
            if (!cpu.IsIdle && !cpu.IsPoweredDown)
            {
                var codeMemory = cpu.CodeMemory;
                int pc = cpu.PC;
                for (int i = 0; i < 3; i++) bytes[i] = pc + i < codeMemory.Length ? codeMemory[pc + i] : (byte)0xFF;
                string text = Disassembler.Disassemble(bytes, pc, out int length);
                string hexBytes = Convert.ToHexString(bytes[..length]);
                string line = string.Create(CultureInfo.InvariantCulture,
                    $"{cpu.Cycles,12}  {pc:X4}  {hexBytes,-6}  {text,-24}  A={cpu.PeekDirect(Sfr.ACC):X2} PSW={cpu.PeekDirect(Sfr.PSW):X2} SP={cpu.PeekDirect(Sfr.SP):X2}");
                string location = symbols?.Describe(pc) ?? "";
                output.WriteLine(location.Length == 0 ? line : line + "  ; " + location);
            }
            var reason = runTo(cpu.Cycles + 1, -1);
            if (reason is StopReason.SelfJump or StopReason.PowerDown) return reason;
        }
        return StopReason.MaxCycles;
    }

    private static string Describe(StopReason reason, Mcs51 cpu) => reason switch
    {
        StopReason.MaxCycles => $"stopped: cycle limit reached at {cpu.Cycles} cycles, pc 0x{cpu.PC:X4}",
        StopReason.UntilPc => $"stopped: pc reached 0x{cpu.PC:X4} after {cpu.Cycles} cycles",
        StopReason.SelfJump => $"stopped: self-jump at 0x{cpu.PC:X4} after {cpu.Cycles} cycles",
        StopReason.PowerDown => $"stopped: power-down (PCON.PD) at pc 0x{cpu.PC:X4} after {cpu.Cycles} cycles",
        _ => $"stopped: {reason}",
    };

    internal static bool TryParseAddress(string text, out int address)
    {
        string digits = text.Trim();
        var style = NumberStyles.Integer;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) { digits = digits[2..]; style = NumberStyles.HexNumber; }
        else if (digits.EndsWith('h') || digits.EndsWith('H')) { digits = digits[..^1]; style = NumberStyles.HexNumber; }
        bool ok = int.TryParse(digits, style, CultureInfo.InvariantCulture, out address) && address is >= 0 and <= 0xFFFF;
        if (!ok) address = -1;
        return ok;
    }
}
