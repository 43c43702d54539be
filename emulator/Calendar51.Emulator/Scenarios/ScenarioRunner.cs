using System.Globalization;
using System.Text;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Scenarios;

/// <summary>Why a step failed, with the board as it was then.</summary>
internal sealed record ScenarioFailure(ScenarioStep Step, string Expected, string Actual, IReadOnlyList<string> LcdLines, TimeSpan VirtualTime);

/// <summary>
/// Runs a loaded scenario on a virtual board, all in virtual time. The board exists from the start
/// with the code in flash but nothing has executed until power-on, so set-time before it is what the
/// DS1302's battery kept. Waits advance in 1 ms slices and look at the LCD only when its E line has
/// strobed since the last look, so long waits cost little more than the firmware's own run.
/// </summary>
internal sealed partial class ScenarioRunner
{
    /// <summary>Granularity of wait-lcd and wait-serial: a condition is noticed at most this late.</summary>
    public static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// A buzzer driven with a tone toggles faster than this; expect-buzzer counts it as on while the
    /// last on-interval ended less than this long ago.
    /// </summary>
    public static readonly TimeSpan ToneGap = TimeSpan.FromMilliseconds(5);

    private readonly string baseDirectory;
    private readonly List<Diagnostics> earlierDiagnostics = [];
    private readonly StringBuilder serialReceived = new();
    private int serialConsumed;

    /// <summary>A new board with the code in flash, not yet run.</summary>
    /// <param name="description">the board</param>
    /// <param name="code">the flash image (the part's code size)</param>
    /// <param name="baseDirectory">where relative screenshot paths go (the scenario file's directory)</param>
    /// <param name="rtcOptions">the DS1302's first-power state</param>
    /// <param name="engine">how the core executes code, kept across power cycles</param>
    public ScenarioRunner(BoardDescription description, ReadOnlySpan<byte> code, string baseDirectory, Ds1302Options? rtcOptions = null,
                          ExecutionEngine engine = ExecutionEngine.Translator)
    {
        this.baseDirectory = baseDirectory;
        Board = new VirtualBoard(description, rtcOptions);
        Board.Cpu.Engine = engine;
        Board.Cpu.LoadCode(code);
        Attach(Board);
    }

    /// <summary>The board as it is now (a power cycle replaces it).</summary>
    public VirtualBoard Board { get; private set; }

    /// <summary>Raised when a power cycle has replaced <see cref="Board"/> with a new board.</summary>
    public event Action<VirtualBoard>? BoardReplaced;

    /// <summary>Raised after each step that passed, with the virtual time since the first power-on.</summary>
    public event Action<ScenarioStep, TimeSpan>? StepPassed;

    /// <summary>Every <see cref="ProgressInterval"/> of virtual time inside a delay or press: the step, how far into it, its length.</summary>
    public event Action<ScenarioStep, TimeSpan, TimeSpan>? Progress;

    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>Stops a run between slices (Ctrl-C): <see cref="Run"/> then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Serial text received from the MCU so far (Latin-1, byte per char).</summary>
    public string SerialReceived => serialReceived.ToString();

    /// <summary>Every step in order; null when all passed, else the first failure.</summary>
    public ScenarioFailure? Run(Scenario scenario)
    {
        foreach (var step in scenario.Steps)
        {
            var failure = Execute(step);
            if (failure is not null) return failure;
            StepPassed?.Invoke(step, Board.VirtualTime);
        }
        return null;
    }

    private void Attach(VirtualBoard board)
    {
        if (board.Serial is { } serial) serial.ByteReceived += (value, _) => serialReceived.Append((char)value);
    }

    private long Now => Board.Cpu.Cycles;

    private ScenarioFailure? Execute(ScenarioStep step)
    {
        switch (step)
        {
            case SetTimeStep setTime:
                SetTime(setTime);
                return null;
            case SetTemperatureStep temperature:
                Board.SetTemperature(temperature.Sensor, temperature.Celsius);
                return null;
            case PowerOnStep:
                return null;   // the board is at reset with nothing executed; the steps after it run it
            case PowerCycleStep cycle:
                earlierDiagnostics.Add(Board.Diagnostics);
                Board = Board.PowerCycle(cycle.OffTime);
                Attach(Board);
                BoardReplaced?.Invoke(Board);
                return null;
            case DelayStep delay:
                RunFor(step, delay.Duration);
                return null;
            case PressStep press:
                Board.Press(press.Key);
                RunFor(step, press.Duration);
                Board.Release(press.Key);
                return null;
            case HoldStep hold:
                Board.Press(hold.Key);
                return null;
            case ReleaseStep release:
                Board.Release(release.Key);
                return null;
            case ExpectLcdStep expect:
                return CheckLcd(step, expect.Expectation);
            case WaitLcdStep wait:
                return WaitLcd(wait);
            case WriteSerialStep write:
                Board.Serial!.Send(Encoding.Latin1.GetBytes(write.Text), Now);
                return null;
            case WaitSerialStep wait:
                return WaitSerial(wait);
            case ExpectDs1302Step expect:
                return CheckDs1302(expect);
            case ExpectBuzzerStep expect:
                return CheckBuzzer(expect);
            case ExpectNoViolationsStep expect:
                return CheckNoViolations(expect);
            case ScreenshotStep screenshot:
                return Screenshot(screenshot);
            case RecordVcdStep record:
                return RecordVcd(record);
            default:
                throw new InvalidOperationException($"no runner for {step.GetType().Name}");
        }
    }

    private void SetTime(SetTimeStep step)
    {
        var rtc = Board.Rtc!;
        rtc.SetDateTime(step.Time, Now, step.TwelveHour);
        if (step.WriteProtected is { } writeProtected) rtc.SetWriteProtect(writeProtected);
        if (!step.Halted) return;
        var registers = rtc.ReadClockRegisters(Now);
        registers[0] |= 0x80;   // CH: the oscillator stops, the counters keep the time just set
        rtc.SetClockRegisters(registers.AsSpan(0, 7), Now);
    }

    public string[] LcdLines() => Board.Lcd is { } lcd ? LcdTextRenderer.RenderLines(lcd.Panel(Now)) : [];

    private ScenarioFailure Fail(ScenarioStep step, string expected, string actual) =>
        new(step, expected, actual, LcdLines(), Board.VirtualTime);

    private ScenarioFailure? CheckLcd(ScenarioStep step, LcdExpectation expectation)
    {
        string line = LcdLines()[expectation.LineNumber - 1];
        return expectation.IsMetBy(line) ? null : Fail(step, expectation.ToString(), $"line {expectation.LineNumber} \"{line}\"");
    }

    private ScenarioFailure? WaitLcd(WaitLcdStep step)
    {
        // Judge the screen only after a whole slice without LCD transfers, so that a line caught
        // half-rewritten (08:00:59 on the way from 08:00:49 to 08:00:50) never counts.
        long evaluated = Board.LcdStrobes, lastSlice = Board.LcdStrobes;
        bool met = WaitUntil(step.Timeout, () =>
        {
            long strobes = Board.LcdStrobes;
            bool quiet = strobes == lastSlice;
            lastSlice = strobes;
            if (!quiet || strobes == evaluated) return false;
            evaluated = strobes;
            return step.Expectation.IsMetBy(LcdLines()[step.Expectation.LineNumber - 1]);
        }, initially: step.Expectation.IsMetBy(LcdLines()[step.Expectation.LineNumber - 1]));
        if (met) return null;
        string line = LcdLines()[step.Expectation.LineNumber - 1];
        return Fail(step, $"{step.Expectation} within {ScenarioValues.FormatDuration(step.Timeout)}", $"line {step.Expectation.LineNumber} \"{line}\"");
    }

    private ScenarioFailure? WaitSerial(WaitSerialStep step)
    {
        int lengthSeen = -1;
        bool Matched()
        {
            if (serialReceived.Length == lengthSeen) return false;
            lengthSeen = serialReceived.Length;
            var match = step.Match.Match(serialReceived.ToString(serialConsumed, serialReceived.Length - serialConsumed));
            if (!match.Success) return false;
            serialConsumed += match.Index + match.Length;   // the next wait-serial looks past this match
            return true;
        }
        if (WaitUntil(step.Timeout, Matched, initially: Matched())) return null;
        string unread = serialReceived.ToString(serialConsumed, serialReceived.Length - serialConsumed);
        return Fail(step, $"serial text matching /{ScenarioValues.Escape(step.Match.ToString(), isRegex: true)}/ within {ScenarioValues.FormatDuration(step.Timeout)}",
            unread.Length == 0 ? "nothing received" : $"received \"{ScenarioValues.Escape(unread)}\"");
    }

    /// <summary>Runs <paramref name="duration"/> in pieces of <see cref="ProgressInterval"/>, reporting each and noticing a cancellation.</summary>
    private void RunFor(ScenarioStep step, TimeSpan duration)
    {
        long start = Now, end = Now + Board.Clock.CyclesIn(duration), piece = Board.Clock.CyclesIn(ProgressInterval);
        while (Now < end)
        {
            Cancellation.ThrowIfCancellationRequested();
            Board.RunUntil(Math.Min(end, Now + piece));
            if (duration >= ProgressInterval) Progress?.Invoke(step, Board.Clock.ToTimeSpan(Now - start), duration);
        }
    }

    /// <summary>Runs in slices until <paramref name="condition"/> holds or the timeout passes; bounded by virtual time.</summary>
    private bool WaitUntil(TimeSpan timeout, Func<bool> condition, bool initially)
    {
        if (initially) return true;
        long deadline = Now + Board.Clock.CyclesIn(timeout);
        long slice = Math.Max(1, Board.Clock.CyclesIn(WaitSlice));
        while (Now < deadline)
        {
            Cancellation.ThrowIfCancellationRequested();
            Board.RunUntil(Math.Min(deadline, Now + slice));
            if (condition()) return true;
        }
        return false;
    }

    private ScenarioFailure? CheckDs1302(ExpectDs1302Step step)
    {
        var rtc = Board.Rtc!;
        var expected = new List<string>();
        var actual = new List<string>();
        bool ok = true;
        if (step.Time is { } time)
        {
            var now = rtc.GetDateTime(Now);
            expected.Add("time " + Format(time));
            actual.Add("time " + (now is { } t ? Format(t) : "invalid (registers " + Convert.ToHexString(rtc.ReadClockRegisters(Now)) + ")"));
            ok &= now == time;
        }
        if (step.Halted is { } halted)
        {
            expected.Add(halted ? "halted" : "running");
            actual.Add(rtc.IsHalted ? "halted" : "running");
            ok &= rtc.IsHalted == halted;
        }
        foreach (var (address, value) in step.Ram)
        {
            expected.Add($"ram[{address}]=0x{value:X2}");
            actual.Add($"ram[{address}]=0x{rtc.Ram[address]:X2}");
            ok &= rtc.Ram[address] == value;
        }
        return ok ? null : Fail(step, string.Join(", ", expected), string.Join(", ", actual));
    }

    private static string Format(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private ScenarioFailure? CheckBuzzer(ExpectBuzzerStep step)
    {
        var buzzer = Board.Buzzer!;
        bool sounding = buzzer.IsOn
            || (buzzer.Intervals.Count > 0 && Board.Clock.ToTimeSpan(Now - buzzer.Intervals[^1].EndCycle) < ToneGap);
        return sounding == step.On ? null : Fail(step, step.On ? "buzzer on" : "buzzer off", sounding ? "buzzer on" : "buzzer off");
    }

    /// <summary>Every diagnostic counted since the scenario started (across power cycles): per rule, and every error.</summary>
    public DiagnosticReport DiagnosticReport() => new([.. earlierDiagnostics, Board.Diagnostics]);

    private ScenarioFailure? CheckNoViolations(ExpectNoViolationsStep step)
    {
        var report = DiagnosticReport();
        if (report.Count(step.Filter) == 0) return null;
        string actual = string.Join("\n    ", report.Lines(step.Filter, indent: "      "));
        return Fail(step, step.Filter == DiagnosticFilter.Violations ? "no violations" : $"no diagnostics matching {step.Filter}", actual);
    }

    private ScenarioFailure? Screenshot(ScreenshotStep step)
    {
        string path = Path.Combine(baseDirectory, step.Path);
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
            LcdPngRenderer.SavePng(Board.Lcd!.Panel(Now), path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(step, $"a PNG written to {path}", e.Message);
        }
    }
}
