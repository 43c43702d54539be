using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Calendar51.Tests.Differential;

/// <summary>
/// Runs a HEX file on ucsim's `s51` from reset and reads back the final state in our
/// `--dump-state` shape. See README.md in this folder for how s51 is driven and why.
/// </summary>
public static partial class S51
{
    /// <summary>s51 counts oscillator clocks ("clks"); a classic MCS-51 machine cycle is 12 of them.</summary>
    public const int ClocksPerMachineCycle = 12;

    private const int BytesPerDumpLine = 16;

    public sealed record Outcome(MachineState State, long Instructions, string StopReason, bool StoppedAtSelfJump, string Transcript);

    /// <summary>
    /// Runs <paramref name="hexPath"/> until an instruction jumps to itself (executed once, as our
    /// core does) or <paramref name="maxInstructions"/> instructions have run.
    /// </summary>
    public static Outcome Run(PartProfile part, string hexPath, long maxInstructions, TimeSpan timeout)
    {
        var s51 = ExternalTool.Require("s51", "sdcc-ucsim");
        var script = BuildScript(part, hexPath, maxInstructions);
        // -b: no colour escapes in the output; -q: no banner noise beyond the licence lines.
        var result = ExternalTool.Run(s51, ["-t", part.S51Type, "-b", "-q"], script, timeout);
        var transcript = result.Stdout + result.Stderr;
        try
        {
            return Parse(part, transcript);
        }
        catch (FormatException e)
        {
            throw new FormatException($"s51 -t {part.S51Type} on {hexPath}: {e.Message}\n--- s51 output ---\n{Tail(transcript)}", e);
        }
    }

    public static string BuildScript(PartProfile part, string hexPath, long maxInstructions)
    {
        if (hexPath.Contains('"'))
        {
            throw new ArgumentException($"s51 cannot load a path containing a quote: {hexPath}", nameof(hexPath));
        }
        var script = new StringBuilder();
        script.AppendLine("set opt selfjump_stop 1");
        // s51 starts IRAM and XRAM with pseudo-random bytes; our contract starts them zeroed.
        script.AppendLine(CultureInfo.InvariantCulture, $"fill iram 0 0x{part.IramSize - 1:x} 0");
        script.AppendLine("fill xram 0 0xffff 0");
        // Unprogrammed flash reads 0xFF.
        script.AppendLine("fill rom 0 0xffff 0xff");
        script.AppendLine(CultureInfo.InvariantCulture, $"file \"{hexPath}\"");
        // `step N` runs N instructions but stops earlier on a self-jump (selfjump_stop).
        script.AppendLine(CultureInfo.InvariantCulture, $"step {maxInstructions}");
        script.AppendLine("state");
        script.AppendLine(CultureInfo.InvariantCulture, $"dump /h iram 0 0x{part.IramSize - 1:x} {BytesPerDumpLine}");
        script.AppendLine(CultureInfo.InvariantCulture, $"dump /h sfr 0x80 0xff {BytesPerDumpLine}");
        if (part.DumpedXramSize > 0)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $"dump /h xram 0 0x{part.DumpedXramSize - 1:x} {BytesPerDumpLine}");
        }
        script.AppendLine("quit");
        return script.ToString();
    }

    public static Outcome Parse(PartProfile part, string transcript)
    {
        var stop = StopLine().Match(transcript);
        if (!stop.Success)
        {
            throw new FormatException("no \"Stop at\" line: the simulation did not stop");
        }
        var reason = stop.Groups["reason"].Value.Trim();
        var pcMatch = CpuStateLine().Match(transcript);
        if (!pcMatch.Success)
        {
            throw new FormatException("no \"CPU state= ... PC=\" line from `state`");
        }
        var clocksMatch = TotalTimeLine().Match(transcript);
        if (!clocksMatch.Success)
        {
            throw new FormatException("no \"Total time since last reset= ... (N clks)\" line from `state`");
        }
        var clocks = long.Parse(clocksMatch.Groups["clks"].Value, CultureInfo.InvariantCulture);
        if (clocks % ClocksPerMachineCycle != 0)
        {
            throw new FormatException($"{clocks} clocks is not a whole number of 12-clock machine cycles");
        }

        var dumpLines = transcript.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => DumpLine().IsMatch(l)).ToList();
        var cursor = 0;
        var iram = ReadDump(dumpLines, ref cursor, "iram", 0x00, part.IramSize);
        var sfrSpace = ReadDump(dumpLines, ref cursor, "sfr", 0x80, 0x80);
        var xram = ReadDump(dumpLines, ref cursor, "xram", 0x00, part.DumpedXramSize);

        var sfr = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in part.ComparedSfrs)
        {
            sfr[name] = sfrSpace[PartProfile.SfrAddresses[name] - 0x80];
        }
        var state = new MachineState(
            part.Part,
            clocks / ClocksPerMachineCycle,
            int.Parse(pcMatch.Groups["pc"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            iram,
            sfr,
            xram);
        var instructions = InstructionCountLine().Match(transcript);
        if (!instructions.Success)
        {
            throw new FormatException("no \"Inst= N\" line from `state`");
        }
        return new Outcome(state, long.Parse(instructions.Groups["count"].Value, CultureInfo.InvariantCulture), reason, reason.Contains("Jump to itself", StringComparison.Ordinal), transcript);
    }

    private static byte[] ReadDump(List<string> lines, ref int cursor, string space, int start, int length)
    {
        var bytes = new byte[length];
        for (var offset = 0; offset < length; offset += BytesPerDumpLine)
        {
            if (cursor >= lines.Count)
            {
                throw new FormatException($"the {space} dump ended before address 0x{start + offset:x}");
            }
            var tokens = lines[cursor++].Split(' ');
            var address = int.Parse(tokens[0].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (address != start + offset)
            {
                throw new FormatException($"{space} dump: expected a line for 0x{start + offset:x}, got 0x{address:x}");
            }
            var count = Math.Min(BytesPerDumpLine, length - offset);
            for (var i = 0; i < count; i++)
            {
                if (i + 1 >= tokens.Length || tokens[i + 1].Length != 2)
                {
                    throw new FormatException($"{space} dump line for 0x{address:x} has fewer than {count} bytes");
                }
                bytes[offset + i] = byte.Parse(tokens[i + 1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }
        return bytes;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];

    [GeneratedRegex(@"Stop at 0x[0-9a-fA-F]+: \(\d+\) (?<reason>[^\r\n]*)")]
    private static partial Regex StopLine();

    [GeneratedRegex(@"CPU state= \S+ PC= 0x(?<pc>[0-9a-fA-F]+)")]
    private static partial Regex CpuStateLine();

    [GeneratedRegex(@"Inst= (?<count>\d+)")]
    private static partial Regex InstructionCountLine();

    [GeneratedRegex(@"Total time since last reset= \S+ sec \((?<clks>\d+) clks\)")]
    private static partial Regex TotalTimeLine();

    // "0x80 ff 07 00 ..." (one space after the address); the register display's disassembly line
    // "0x0006    80 fe    SJMP" has several spaces and is not a dump line.
    [GeneratedRegex(@"^0x[0-9a-f]+ [0-9a-f]{2}( |$)")]
    private static partial Regex DumpLine();
}
