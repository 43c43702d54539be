using System.Globalization;
using Calendar51.Emulator.Chips;

namespace Calendar51.Host.Emulation;

/// <summary>
/// The view when stdout is not a terminal: one line per change (LCD rows, buzzer, every error and
/// the first diagnostic of each other rule; the per-rule summary at exit), each stamped with
/// virtual time, and with --decode every decoded bus transfer. Commands come as lines on stdin:
/// 1–4 tap K1–K4 for 200 ms of virtual time, p power-cycles the board; q or the end of stdin quits
/// (<c>emulate &lt; /dev/null</c> ends). The LCD is printed only once it has been quiet for
/// <see cref="LcdSettleTime"/>, so a frame caught half-written never shows, and a quit before any
/// frame still waits (briefly) for the first one.
/// </summary>
public sealed class PlainView(EmulationSession session, EmulationInfo info, TextReader input, TextWriter output)
{
    public static readonly TimeSpan TapLength = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Virtual time without LCD transfers after which the screen counts as drawn (a frame takes about 3 ms).</summary>
    public static readonly TimeSpan LcdSettleTime = TimeSpan.FromMilliseconds(20);

    /// <summary>Host time a quit waits for the first frame, should it come before anything was shown.</summary>
    public static readonly TimeSpan FirstFrameWait = TimeSpan.FromSeconds(3);

    public void Run(CancellationTokenSource quit)
    {
        output.WriteLine($"calendar51 emulate: {info.Title}, speed {session.Speed}");
        if (info.SerialEndpoint is not null) output.WriteLine($"serial: {info.SerialEndpoint} at {info.SerialBaud} baud 8N1");
        if (info.WebAddress is not null) output.WriteLine($"web view: {info.WebAddress}");
        output.Flush();
        var reader = new Thread(() => ReadCommands(quit)) { IsBackground = true, Name = "calendar51 stdin" };
        reader.Start();

        string[] shownLines = [];
        bool shownBuzzer = false;
        var shownRules = new HashSet<(string, string, DiagnosticSeverity)>();
        int shownErrors = 0;
        long shownBusLines = 0;
        DateTime? giveUpWaitingForAFrame = null;
        while (true)
        {
            if (quit.IsCancellationRequested)
            {
                bool frameShown = shownLines.Any(line => line.Trim().Length > 0);
                giveUpWaitingForAFrame ??= DateTime.UtcNow + FirstFrameWait;
                if (frameShown || DateTime.UtcNow >= giveUpWaitingForAFrame || session.Fault is not null || !session.IsRunning) break;
            }
            var snapshot = session.Latest;
            string stamp = TerminalFrame.FormatVirtual(snapshot.VirtualTime);
            // The slice's bus traffic first: it led to the screen printed next.
            if (snapshot.BusLineCount != shownBusLines)
            {
                long fresh = snapshot.BusLineCount - shownBusLines;
                if (fresh > snapshot.BusLines.Count)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stamp} ({fresh - snapshot.BusLines.Count} decoded bus lines not shown)"));
                foreach (var line in snapshot.BusLines.TakeLast((int)Math.Min(fresh, snapshot.BusLines.Count))) output.WriteLine(line);
                shownBusLines = snapshot.BusLineCount;
            }
            var lines = snapshot.LcdLines;
            if (snapshot.LcdQuietFor >= LcdSettleTime && !lines.SequenceEqual(shownLines))
            {
                for (int row = 0; row < lines.Length; row++) output.WriteLine($"{stamp} lcd {row + 1} |{lines[row]}|");
                shownLines = lines;
            }
            if (snapshot.BuzzerOn != shownBuzzer)
            {
                output.WriteLine($"{stamp} buzzer {(snapshot.BuzzerOn ? "on" : "off")}");
                shownBuzzer = snapshot.BuzzerOn;
            }
            // Every error, and the first of each other rule; the per-rule counts come at the end.
            foreach (var rule in snapshot.DiagnosticRules)
            {
                if (rule.Severity != DiagnosticSeverity.Error && shownRules.Add((rule.Chip, rule.Rule, rule.Severity)))
                    output.WriteLine($"{stamp} {rule.First} (first of its kind; counted in the summary at exit)");
            }
            for (; shownErrors < snapshot.Errors.Count; shownErrors++) output.WriteLine($"{stamp} {snapshot.Errors[shownErrors]}");
            output.Flush();
            if (session.Fault is { } fault)
            {
                quit.Cancel();
                throw new InvalidOperationException($"the emulation stopped: {fault.Message}", fault);
            }
            if (!quit.IsCancellationRequested) quit.Token.WaitHandle.WaitOne(PollInterval);
            else Thread.Sleep(PollInterval);
        }
        WriteSummary(session.Latest);
    }

    private void WriteSummary(EmulationSnapshot snapshot)
    {
        if (snapshot.DiagnosticCount == 0) return;
        string stamp = TerminalFrame.FormatVirtual(snapshot.VirtualTime);
        output.WriteLine($"{stamp} diagnostics: {snapshot.DiagnosticCount} ({snapshot.ErrorCount} error(s)); by chip and rule:");
        foreach (var rule in snapshot.DiagnosticRules) output.WriteLine($"{stamp}   {rule}");
        if (snapshot.ErrorCount > snapshot.Errors.Count)
            output.WriteLine($"{stamp}   {snapshot.ErrorCount - snapshot.Errors.Count} error(s) after the first {snapshot.Errors.Count} were counted, not listed");
        output.Flush();
    }

    private void ReadCommands(CancellationTokenSource quit)
    {
        while (!quit.IsCancellationRequested && input.ReadLine() is { } line)
        {
            string command = line.Trim();
            if (command.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                quit.Cancel();
                return;
            }
            if (command.Equals("p", StringComparison.OrdinalIgnoreCase))
            {
                session.PowerCycle();
                continue;
            }
            if (command.Length == 1 && command[0] - '1' is var index && index >= 0 && index < info.Keys.Count)
            {
                string key = info.Keys[index];
                session.Post(board =>
                {
                    board.Press(key);
                    board.Schedule(board.Cpu.Cycles + board.Clock.CyclesIn(TapLength), _ => board.Release(key));
                });
            }
        }
        try
        {
            quit.Cancel(); // the end of stdin: nothing more can be asked of this session
        }
        catch (ObjectDisposedException)
        {
            // the session ended first
        }
    }
}
