using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;
using Calendar51.Emulator.Scenarios;

namespace Calendar51.Emulator;

/// <summary>
/// Your firmware on an emulated board, for your own tests: load a HEX, wire a board (by name or from a
/// board file), set the DS1302, advance virtual time, press keys, read the LCD text and the DS1302
/// registers. Everything runs in virtual time, exact to the machine cycle, as fast as the host allows;
/// nothing depends on the wall clock, so a test gives the same result on every run.
/// </summary>
/// <example>
/// <code>
/// var board = BoardUnderTest.Load("calendar51.hex", "prechin-a2");
/// board.SetDs1302(new DateTime(2025, 4, 28, 23, 59, 58));
/// board.Run(TimeSpan.FromSeconds(3));
/// Assert.That(board.LcdLines()[0], Does.StartWith("2025-04-29"));
/// </code>
/// </example>
/// <remarks>
/// The board starts at reset with the code in flash and nothing executed, so the DS1302 set before the
/// first <see cref="Run"/> is what its battery kept. <see cref="Board"/> gives the whole board (CPU,
/// chips, serial bridge, diagnostics) for what this class does not cover.
/// </remarks>
public sealed class BoardUnderTest
{
    /// <summary>How long <see cref="Press"/> holds a key when no duration is given.</summary>
    public static readonly TimeSpan DefaultPressDuration = ScenarioParser.DefaultPressDuration;

    private BoardUnderTest(VirtualBoard board) => Board = board;

    /// <summary>
    /// Wires <paramref name="board"/> (a name such as <c>prechin-a2</c>, <c>kst-51</c>, <c>lcd1602-kit</c>,
    /// or the path of a <c>.board</c> file) and loads <paramref name="hexPath"/> into its MCU's flash.
    /// <paramref name="engine"/> chooses how the core executes code (translated by default; both give
    /// the same result, the interpreter is there to compare), kept across <see cref="PowerCycle"/>.
    /// </summary>
    /// <exception cref="HexFormatException">The HEX is malformed or does not fit the board's MCU (the message names file and line).</exception>
    /// <exception cref="BoardFormatException">The board file is malformed (the message names file and line).</exception>
    /// <exception cref="FileNotFoundException">No such HEX or board.</exception>
    public static BoardUnderTest Load(string hexPath, string board = BoardCatalog.DefaultBoard, ExecutionEngine engine = ExecutionEngine.Translator)
    {
        var description = BoardCatalog.Load(board);
        var image = IntelHex.Load(hexPath, description.Mcu.CodeSize);
        var virtualBoard = new VirtualBoard(description);
        virtualBoard.Cpu.Engine = engine;
        virtualBoard.Cpu.LoadCode(image.Data.AsSpan(0, description.Mcu.CodeSize));
        return new BoardUnderTest(virtualBoard);
    }

    /// <summary>The Calendar51 clock firmware that ships with this library, on <paramref name="board"/>, run by <paramref name="engine"/>.</summary>
    /// <exception cref="FileNotFoundException">This build of the library carries no firmware.</exception>
    public static BoardUnderTest LoadBundledFirmware(string board = BoardCatalog.DefaultBoard, ExecutionEngine engine = ExecutionEngine.Translator) =>
        Load(FirmwareImage.DefaultPath() ?? throw new FileNotFoundException("this build carries no bundled firmware"), board, engine);

    /// <summary>The board as it is now: CPU, chips and diagnostics (<see cref="PowerCycle"/> replaces it).</summary>
    public VirtualBoard Board { get; private set; }

    /// <summary>Virtual time since the first power-on, including time spent switched off.</summary>
    public TimeSpan Elapsed => Board.VirtualTime;

    private long Now => Board.Cpu.Cycles;

    private Ds1302 Rtc => Board.Rtc ?? throw new InvalidOperationException($"board {Board.Description.Name} has no DS1302");

    /// <summary>Runs the firmware for <paramref name="span"/> of virtual time.</summary>
    public void Run(TimeSpan span) => Board.RunFor(span);

    /// <summary>
    /// Runs in 1 ms slices until <paramref name="condition"/> holds, at most for <paramref name="timeout"/>
    /// of virtual time; true when it held (checked once before running, too).
    /// </summary>
    public bool RunUntil(Func<BoardUnderTest, bool> condition, TimeSpan timeout)
    {
        if (condition(this)) return true;
        long deadline = Now + Board.Clock.CyclesIn(timeout);
        long slice = Math.Max(1, Board.Clock.CyclesIn(TimeSpan.FromMilliseconds(1)));
        while (Now < deadline)
        {
            Board.RunUntil(Math.Min(deadline, Now + slice));
            if (condition(this)) return true;
        }
        return false;
    }

    /// <summary>
    /// Sets the DS1302's counters to <paramref name="time"/> (years 2000–2099, weekday register 1 = Monday
    /// … 7 = Sunday) as if its battery had kept them; <paramref name="halted"/> sets the clock-halt bit
    /// (the oscillator stops, the counters keep this time), <paramref name="twelveHour"/> the 12-hour mode.
    /// </summary>
    public void SetDs1302(DateTime time, bool halted = false, bool twelveHour = false)
    {
        Rtc.SetDateTime(time, Now, twelveHour);
        if (!halted) return;
        var registers = Rtc.ReadClockRegisters(Now);
        registers[0] |= 0x80;   // CH
        Rtc.SetClockRegisters(registers.AsSpan(0, 7), Now);
    }

    /// <summary>The DS1302's date and time now, or null when its registers hold no valid date.</summary>
    public DateTime? Ds1302Time => Rtc.GetDateTime(Now);

    /// <summary>Whether the DS1302's clock-halt bit is set.</summary>
    public bool Ds1302Halted => Rtc.IsHalted;

    /// <summary>
    /// The DS1302's eight clock registers now, as the chip holds them (BCD): seconds (bit 7 = clock halt),
    /// minutes, hour (bit 7 = 12-hour mode, bit 5 = PM there), date, month, weekday, year, control
    /// (bit 7 = write protect).
    /// </summary>
    public byte[] Ds1302Registers() => Rtc.ReadClockRegisters(Now);

    /// <summary>A copy of the DS1302's 31 bytes of battery-backed RAM.</summary>
    public byte[] Ds1302Ram() => Rtc.Ram.ToArray();

    /// <summary>The board's key names (e.g. K1–K4).</summary>
    public IReadOnlyCollection<string> KeyNames => [.. Board.Keys.Keys];

    /// <summary>
    /// Presses <paramref name="key"/>, runs for <paramref name="duration"/> (default
    /// <see cref="DefaultPressDuration"/>) and releases it; the contacts bounce as the board file says.
    /// </summary>
    /// <exception cref="ArgumentException">The board has no such key (the message lists its keys).</exception>
    public void Press(string key, TimeSpan? duration = null)
    {
        Board.Press(key);
        Board.RunFor(duration ?? DefaultPressDuration);
        Board.Release(key);
    }

    /// <summary>Presses <paramref name="key"/> and keeps it pressed until <see cref="Release"/>.</summary>
    public void Hold(string key) => Board.Press(key);

    /// <summary>Releases a key held with <see cref="Hold"/>.</summary>
    public void Release(string key) => Board.Release(key);

    /// <summary>The LCD's lines as text now (custom characters as their code), or none on a board without an LCD.</summary>
    public string[] LcdLines() => Board.Lcd is { } lcd ? LcdTextRenderer.RenderLines(lcd.Panel(Now)) : [];

    /// <summary>What the chips' models reported against their datasheets (timing violations, misuse) so far.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => Board.Diagnostics.Snapshot();

    /// <summary>
    /// Switches the board off for <paramref name="offTime"/> and on again: the flash and the DS1302 (on its
    /// battery, still counting) survive, the MCU starts from reset.
    /// </summary>
    public void PowerCycle(TimeSpan offTime) => Board = Board.PowerCycle(offTime);

    /// <summary>
    /// Runs a scenario file (the format of <c>calendar51 scenario</c>) on a new board. The HEX is
    /// <paramref name="hexPath"/>, else the file's <c>hex:</c>, else the bundled firmware; the board
    /// <paramref name="board"/>, else the file's <c>board:</c>, else prechin-a2; the core executes with
    /// <paramref name="engine"/>.
    /// </summary>
    /// <exception cref="ScenarioFormatException">The scenario file is malformed (the message names file and line).</exception>
    /// <exception cref="HexFormatException">The HEX is malformed.</exception>
    /// <exception cref="BoardFormatException">The board file is malformed.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static ScenarioOutcome RunScenario(string scenarioPath, string? hexPath = null, string? board = null,
                                              ExecutionEngine engine = ExecutionEngine.Translator)
    {
        var setup = ScenarioSetup.Load(scenarioPath, hexPath, board);
        var runner = setup.CreateRunner(engine);
        int passed = 0;
        runner.StepPassed += (_, _) => passed++;
        var failure = runner.Run(setup.Scenario);
        return failure is null
            ? new ScenarioOutcome(passed, null, null, null, runner.LcdLines(), runner.Board.VirtualTime)
            : new ScenarioOutcome(passed, $"{failure.Step.Location}: {failure.Step.Describe()}", failure.Expected, failure.Actual, failure.LcdLines, failure.VirtualTime);
    }
}

/// <summary>How a scenario run ended.</summary>
/// <param name="StepsPassed">Steps that passed, in order.</param>
/// <param name="FailedStep">The first failing step as <c>file:line: step</c>, or null when every step passed.</param>
/// <param name="Expected">What the failing step expected.</param>
/// <param name="Actual">What the board showed instead.</param>
/// <param name="LcdLines">The LCD at the end (at the failure, if one).</param>
/// <param name="VirtualTime">Virtual time since the first power-on at the end.</param>
public sealed record ScenarioOutcome(int StepsPassed, string? FailedStep, string? Expected, string? Actual, IReadOnlyList<string> LcdLines, TimeSpan VirtualTime)
{
    /// <summary>True when every step passed.</summary>
    public bool Passed => FailedStep is null;

    /// <summary>A report in the words of <c>calendar51 scenario</c>: PASS, or FAIL with the step, expected, actual and the LCD.</summary>
    public override string ToString() => Passed
        ? $"PASS {StepsPassed} steps"
        : $"FAIL {FailedStep}\n  expected: {Expected}\n  actual:   {Actual}\n  LCD:\n" + string.Join('\n', LcdLines.Select(line => $"    |{line}|"));
}
