using System.CommandLine;
using Calendar51.Emulator.LogicAnalyser;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>--vcd FILE</c>, <c>--signals LIST</c> and <c>--decode</c>, shared by run, emulate and scenario:
/// declared here once, turned into a <see cref="LogicProbe"/> by the library.
/// </summary>
internal sealed class LogicAnalyserOptions
{
    private readonly Option<string?> vcd = new("--vcd")
    {
        HelpName = "FILE",
        Description = "Record every level change of the board's wires to FILE (Value Change Dump, 1 ns; opens in GTKWave and PulseView)",
    };

    private readonly Option<string?> signals = new("--signals")
    {
        HelpName = "LIST",
        Description = "With --vcd: the signals to record, comma-separated globs on board-file names or MCU pins (e.g. lcd.E,rtc.*,P3.4); default: every wired pin",
    };

    private readonly Option<bool> decode = new("--decode")
    {
        Description = "Print the bus traffic as lines with time and PC: DS1302 transfers, HD44780 instructions and data, UART bytes",
    };

    public LogicAnalyserOptions(Command command)
    {
        command.Options.Add(vcd);
        command.Options.Add(signals);
        command.Options.Add(decode);
    }

    public bool Decode(ParseResult parseResult) => parseResult.GetValue(decode);

    public bool Wanted(ParseResult parseResult) =>
        parseResult.GetValue(vcd) is not null || parseResult.GetValue(signals) is not null || Decode(parseResult);

    /// <summary>The probe the command line asks for among <paramref name="available"/>; throws <see cref="LogicProbeException"/>.</summary>
    public LogicProbe Create(ParseResult parseResult, IReadOnlyList<WireSignal> available) =>
        LogicProbe.Create(parseResult.GetValue(vcd), parseResult.GetValue(signals), Decode(parseResult), available);
}
