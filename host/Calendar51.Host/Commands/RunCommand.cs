using Calendar51.Emulator;
using System.CommandLine;
using System.Globalization;
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
/// <c>calendar51 run FILE.hex [--part NAME] [--max-cycles N] [--until-pc ADDR] [--dump-state] [--trace]</c>:
/// runs a HEX headless from reset and says on stderr why it stopped.
/// Exit codes: 0 ran and stopped (cycle limit, --until-pc, self-jump or power-down);
/// 1 bad command line (including --signals naming no signal); 2 the HEX file is unreadable,
/// malformed or too big for the part, or the --vcd file cannot be written.
/// </summary>
public static class RunCommand
{
    public const int ExitBadCommandLine = 1;
    public const int ExitBadInput = 2;
    public const long DefaultMaxCycles = 1_000_000_000;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Intel HEX file (.hex / .ihx)" };
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

        var command = new Command("run", """
            Run an Intel HEX file headless from reset.

            Exit codes: 0 ran and stopped (cycle limit, --until-pc, self-jump or power-down); 1 bad command line;
            2 the HEX file or the board is unreadable, malformed or too big for the part (file:line on stderr).
            """) { file, part, maxCycles, untilPc, dumpState, trace, board, symbols, compat, uartOut };
        var analyser = new LogicAnalyserOptions(command);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetRequiredValue(file).ToString();
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
            VirtualBoard? attached = null;
            if (parseResult.GetValue(board) is { } boardName)
            {
                try
                {
                    attached = new VirtualBoard(BoardCatalog.Load(boardName));
                }
                catch (Exception e) when (e is BoardFormatException or FileNotFoundException or IOException)
                {
                    error.WriteLine(e.Message);
                    return ExitBadInput;
                }
                if (parseResult.GetResult(part) is null || parseResult.GetResult(part)!.Implicit) spec = attached.Description.Mcu;
                else if (spec != attached.Description.Mcu)
                {
                    error.WriteLine($"--part {spec.Name} contradicts board {attached.Description.Name}, which carries a {attached.Description.Mcu.Name}");
                    return ExitBadInput;
                }
            }
            var compatibility = parseResult.GetValue(compat) == "s51" ? Compatibility.S51 : Compatibility.Manual;
            if (attached is not null && compatibility != Compatibility.Manual)
            {
                error.WriteLine("--compat s51 applies to a bare core; a --board always follows the manual");
                return ExitBadInput;
            }
            var cpu = attached?.Cpu ?? new Mcs51(spec, compatibility);
            try
            {
                var image = IntelHex.Load(path, spec.CodeSize);
                cpu.LoadCode(image.Data.AsSpan(0, spec.CodeSize));
            }
            catch (Exception e) when (e is HexFormatException or InputFileException)
            {
                error.WriteLine(e.Message);
                return ExitBadInput;
            }

            using var uartSink = UartOutput.Open(parseResult.GetValue(uartOut), output, error);
            if (uartSink is { Failed: true }) return ExitBadInput;
            uartSink?.Attach(cpu);

            bool json = parseResult.GetValue(dumpState);
            LogicProbe? probe = null;
            if (analyser.Wanted(parseResult))
            {
                try
                {
                    probe = analyser.Create(parseResult, attached is null ? WireSignals.OfBareMcu() : WireSignals.Of(attached.Description));
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
            if (parseResult.GetValue(trace) && !SymbolsOption.TryLoad(path, parseResult.GetValue(symbols), error, out debugSymbols)) return ExitBadInput;

            // With a board attached its events (chips, keys, serial bits) must be delivered on time.
            Func<long, int, StopReason> runTo = attached is null
                ? cpu.Run
                : (until, pcStop) => attached.RunUntil(until, pcStop, stopAtSelfJump: true);
            StopReason reason;
            try
            {
                reason = parseResult.GetValue(trace)
                    ? RunTraced(cpu, runTo, limit, stopPc, debugSymbols, output)
                    : runTo(limit, stopPc);
                probe?.Finish();
            }
            catch (IOException e) when (probe is { IsRecording: true })
            {
                error.WriteLine($"--vcd: cannot write: {e.Message}");
                return ExitBadInput;
            }
            error.WriteLine(Describe(reason, cpu));
            if (json) output.WriteLine(StateDump.ToJson(cpu));
            if (attached is not null) ReportBoard(attached, json ? error : output, error);
            return 0;
        });
        return command;
    }

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
