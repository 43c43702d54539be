using BenchmarkDotNet.Attributes;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Benchmarks;

/// <summary>
/// Fast-forward on a clock program on prechin-a2: one operation = one emulated second, so
/// emulated seconds per host second = 1e9 / Mean(ns). Target: 24 h of clock time in under 60 s,
/// i.e. at least 1440 emulated seconds per host second. Until the firmware is on main the program is
/// tests/board-programs/tick_clock.c (10 ms timer tick, idle in between, DS1302 read and LCD written
/// once a second); with firmware/dist/calendar51.hex present, that is benchmarked as well. Each with
/// both engines: the translator (the default) and the interpreter.
/// </summary>
[MemoryDiagnoser]
public class ClockBenchmarks
{
    public const int EmulatedSecondsPerInvoke = 600;
    private VirtualBoard board = null!;

    [ParamsSource(nameof(Programs))]
    public string Program { get; set; } = "tick_clock";

    [Params(ExecutionEngine.Translator, ExecutionEngine.Interpreter)]
    public ExecutionEngine Engine { get; set; }

    public static IEnumerable<string> Programs()
    {
        yield return "tick_clock";
        if (File.Exists(FirmwarePath)) yield return "firmware";
    }

    private static string FirmwarePath => Path.Combine(SdccProgram.RepositoryRoot(), "firmware", "dist", "calendar51.hex");

    [GlobalSetup]
    public void Setup()
    {
        string root = SdccProgram.RepositoryRoot();
        board = new VirtualBoard(BoardFile.Load(Path.Combine(root, "schematics", "prechin-a2.board")));
        board.Cpu.Engine = Engine;
        string hex = Program == "firmware" ? FirmwarePath : SdccProgram.Build("tick_clock.c", "board-programs");
        int size = board.Description.Mcu.CodeSize;
        board.Cpu.LoadCode(IntelHex.Load(hex, size).Data.AsSpan(0, size));
        board.Rtc!.SetDateTime(new DateTime(2028, 2, 28, 23, 0, 0), 0);
    }

    [Benchmark(OperationsPerInvoke = EmulatedSecondsPerInvoke)]
    public long RunClock()
    {
        board.RunFor(TimeSpan.FromSeconds(EmulatedSecondsPerInvoke));
        return board.Cpu.Cycles;
    }
}
