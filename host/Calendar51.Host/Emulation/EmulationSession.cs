using System.Collections.Concurrent;
using System.Diagnostics;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.LogicAnalyser;

namespace Calendar51.Host.Emulation;

/// <summary>
/// Runs a board on its own thread in slices paced to the host clock: at speed N, virtual time
/// advances N seconds per host second; at max, as fast as the host allows. Only this thread touches
/// the board: other threads post actions (key presses, serial bytes), applied between slices, and
/// read the immutable <see cref="Latest"/> snapshot published after each slice.
/// </summary>
public sealed class EmulationSession : IDisposable
{
    /// <summary>Host time between two paced slices (and between two snapshots).</summary>
    public static readonly TimeSpan SliceInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Falling further behind than this (a slow host, a debugger) drops the backlog instead of racing to catch up.</summary>
    private static readonly TimeSpan MaximumLag = TimeSpan.FromMilliseconds(250);

    /// <summary>At max speed, virtual time per RunUntil call, so posted actions are never kept waiting long.</summary>
    private static readonly TimeSpan MaxSpeedChunk = TimeSpan.FromMilliseconds(10);

    /// <summary>Host time over which the achieved speed is averaged.</summary>
    private static readonly TimeSpan SpeedWindow = TimeSpan.FromSeconds(1);

    private const int DiagnosticsShown = 5;

    /// <summary>Decoded bus lines each snapshot carries: enough for the plain view to print every one at 1× speed.</summary>
    public const int BusLinesKept = 400;

    /// <summary>Errors the views can list; more are counted in the per-rule summary.</summary>
    public const int ErrorsShown = 1000;

    private readonly ConcurrentQueue<Action<VirtualBoard>> pending = new();
    private readonly Queue<(TimeSpan Host, long Cycles)> speedSamples = new();
    private readonly Queue<Diagnostic> latestDiagnostics = new();
    private readonly Queue<string> latestBusLines = new();
    private long busLineCount;
    private readonly List<Diagnostic> errors = [];
    private readonly List<Diagnostics> poweredOffBoards = [];   // their diagnostics still count in the summary
    private readonly HashSet<string> heldKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Stopwatch hostClock = new();
    private readonly ManualResetEventSlim wake = new(false);
    private readonly object speedGate = new();
    private EmulationSpeed speed;
    private bool speedChanged;
    private long diagnosticCount, errorCount;
    private long sequence;
    private Thread? thread;
    private volatile bool stopping;
    private bool poweredDown;
    private readonly Func<long, bool>? driver;
    private bool halted;

    /// <summary>How long the power button keeps the board off (virtual time: the DS1302 counts on through it).</summary>
    public static readonly TimeSpan PowerOffTime = TimeSpan.FromMilliseconds(500);

    /// <param name="board">the board to run</param>
    /// <param name="speed">how fast virtual time runs</param>
    /// <param name="driver">
    /// runs the board up to a cycle instead of <see cref="VirtualBoard.RunUntil"/> and returns false
    /// when it halted (a debugger stopped it): time then stands still until a posted action resumes it
    /// </param>
    public EmulationSession(VirtualBoard board, EmulationSpeed speed, Func<long, bool>? driver = null)
    {
        Board = board;
        this.speed = speed;
        this.driver = driver;
        Attach(board);
        Latest = TakeSnapshot(0);
    }

    /// <summary>The board; touch it only from actions passed to <see cref="Post"/> (or before <see cref="Start"/>). A power cycle replaces it.</summary>
    public VirtualBoard Board { get; private set; }

    private void Attach(VirtualBoard board)
    {
        board.Diagnostics.Reported += diagnostic =>
        {
            diagnosticCount++;
            latestDiagnostics.Enqueue(diagnostic);
            if (latestDiagnostics.Count > DiagnosticsShown) latestDiagnostics.Dequeue();
            if (diagnostic.Severity != DiagnosticSeverity.Error) return;
            errorCount++;
            if (errors.Count < ErrorsShown) errors.Add(diagnostic);
        };
        if (board.Serial is { } serial) serial.ByteReceived += (value, _) => SerialByteOut?.Invoke(value);
    }

    /// <summary>
    /// Shows what <paramref name="probe"/> decodes in the snapshots (attach the probe to the board first, before
    /// <see cref="Start"/>); after a power cycle the probe follows the new board on the same time line.
    /// </summary>
    internal void ShowDecodedLines(LogicProbe probe, string comment)
    {
        probe.Decoded += line =>
        {
            busLineCount++;
            latestBusLines.Enqueue(line.ToString());
            if (latestBusLines.Count > BusLinesKept) latestBusLines.Dequeue();
        };
        BoardReplaced += board => probe.Attach(board, comment);
    }

    /// <summary>Raised on the emulation thread when a power cycle has put a new board in place.</summary>
    private event Action<VirtualBoard>? BoardReplaced;

    /// <summary>
    /// The power button: switches the board off for <see cref="PowerOffTime"/> and on again. The new
    /// board goes through its power-on sequence (an STC89 through its ISP bootloader's window, where a
    /// waiting <c>calendar51 flash</c> gets its answer) and runs what is in flash.
    /// </summary>
    public void PowerCycle() => Post(board =>
    {
        poweredOffBoards.Add(board.Diagnostics);
        Board = board.PowerCycle(PowerOffTime);
        Attach(Board);
        BoardReplaced?.Invoke(Board);
        poweredDown = false;
        speedSamples.Clear();
        lock (speedGate) speedChanged = true;   // pace on from the new board's cycle 0
    });

    public EmulationSnapshot Latest { get; private set; }

    /// <summary>Raised on the emulation thread after every slice.</summary>
    public event Action<EmulationSnapshot>? SnapshotPublished;

    /// <summary>A byte the MCU sent through the board's USB-serial bridge (raised on the emulation thread).</summary>
    public event Action<byte>? SerialByteOut;

    /// <summary>The emulation thread stopped because the emulator threw; the views report it.</summary>
    public Exception? Fault { get; private set; }

    public bool IsRunning => thread is { IsAlive: true };

    public EmulationSpeed Speed
    {
        get { lock (speedGate) return speed; }
        set
        {
            lock (speedGate)
            {
                speed = value;
                speedChanged = true;
            }
            wake.Set();
        }
    }

    /// <summary>Runs <paramref name="action"/> on the emulation thread between two slices.</summary>
    public void Post(Action<VirtualBoard> action)
    {
        pending.Enqueue(action);
        wake.Set();
    }

    public void Press(string key) => Post(board =>
    {
        board.Press(key);
        heldKeys.Add(key);
    });

    public void Release(string key) => Post(board =>
    {
        board.Release(key);
        heldKeys.Remove(key);
    });

    /// <summary>Sets the temperature around a DS18B20 (null: pulls it out); see <see cref="VirtualBoard.SetTemperature"/>.</summary>
    public void SetTemperature(string name, double? celsius) => Post(board => board.SetTemperature(name, celsius));

    /// <summary>The terminal's +/- keys: the first DS18B20 warmer or cooler by <see cref="TemperatureStep"/> per step, within −55 … 125 °C (plugging it back in if it was out).</summary>
    public void StepTemperature(int steps) => Post(board =>
    {
        if (board.Thermometers.Count == 0) return;
        var (name, sensor) = board.Thermometers.OrderBy(t => t.Key, StringComparer.OrdinalIgnoreCase).First();
        board.SetTemperature(name, Math.Clamp(sensor.Temperature + steps * TemperatureStep, -55, 125));
    });

    public const double TemperatureStep = 0.5;

    /// <summary>Bytes from outside into the MCU's RXD; the bridge shifts them in at the board's baud.</summary>
    public void SendSerial(byte[] bytes)
    {
        if (Board.Serial is null) return;
        Post(board => board.Serial!.Send(bytes, board.Cpu.Cycles));
    }

    public void Start()
    {
        if (thread is not null) throw new InvalidOperationException("the session is already started");
        thread = new Thread(Loop) { IsBackground = true, Name = "calendar51 emulation" };
        thread.Start();
    }

    /// <summary>Stops the emulation thread after its current slice and waits for it.</summary>
    public void Stop()
    {
        stopping = true;
        wake.Set();
        thread?.Join();
    }

    public void Dispose()
    {
        Stop();
        wake.Dispose();
    }

    private void Loop()
    {
        try
        {
            hostClock.Start();
            var anchorHost = hostClock.Elapsed;
            long anchorCycle = Board.Cpu.Cycles;
            EmulationSpeed current;
            lock (speedGate) current = speed;
            double cyclesPerSecond = Board.Clock.CyclesPerSecond;
            while (!stopping)
            {
                while (pending.TryDequeue(out var action)) action(Board);
                lock (speedGate)
                {
                    if (speedChanged)
                    {
                        current = speed;
                        speedChanged = false;
                        anchorHost = hostClock.Elapsed;
                        anchorCycle = Board.Cpu.Cycles;
                    }
                }

                var sliceStart = hostClock.Elapsed;
                if (current.IsMax)
                {
                    // Run chunks until this slice's host time is used up, then publish.
                    long chunk = Board.Clock.CyclesIn(MaxSpeedChunk);
                    do RunTo(Board.Cpu.Cycles + chunk);
                    while (!stopping && !halted && pending.IsEmpty && hostClock.Elapsed - sliceStart < SliceInterval);
                }
                else
                {
                    double hostSeconds = (hostClock.Elapsed - anchorHost).TotalSeconds;
                    long target = anchorCycle + (long)(hostSeconds * current.Factor * cyclesPerSecond);
                    long lagLimit = (long)(MaximumLag.TotalSeconds * current.Factor * cyclesPerSecond);
                    if (target - Board.Cpu.Cycles > lagLimit)
                    {
                        // Give up the backlog beyond the limit: pace on from where this slice ends.
                        target = Board.Cpu.Cycles + lagLimit;
                        anchorHost = hostClock.Elapsed;
                        anchorCycle = target;
                    }
                    RunTo(target);
                }
                Publish();
                if (halted)
                {
                    // Stopped by the driver: wait for a posted action, then pace on from here.
                    wake.Wait(SliceInterval);
                    wake.Reset();
                    anchorHost = hostClock.Elapsed;
                    anchorCycle = Board.Cpu.Cycles;
                }
                else if (!current.IsMax)
                {
                    var wait = SliceInterval - (hostClock.Elapsed - sliceStart);
                    if (wait > TimeSpan.Zero) wake.Wait(wait);
                    wake.Reset();
                }
            }
        }
        catch (Exception e)
        {
            Fault = e;
            Publish();
        }
    }

    private void RunTo(long cycle)
    {
        if (driver is not null)
        {
            halted = !driver(cycle);
            poweredDown = Board.Cpu.IsPoweredDown;
            return;
        }
        if (cycle <= Board.Cpu.Cycles) return;
        if (Board.RunUntil(cycle) == StopReason.PowerDown) poweredDown = true;
    }

    private void Publish()
    {
        var now = hostClock.Elapsed;
        speedSamples.Enqueue((now, Board.Cpu.Cycles));
        while (speedSamples.Count > 2 && now - speedSamples.Peek().Host > SpeedWindow) speedSamples.Dequeue();
        var (oldestHost, oldestCycles) = speedSamples.Peek();
        double hostSeconds = (now - oldestHost).TotalSeconds;
        double achieved = hostSeconds > 0 ? (Board.Cpu.Cycles - oldestCycles) / Board.Clock.CyclesPerSecond / hostSeconds : 0;
        var snapshot = TakeSnapshot(achieved);
        Latest = snapshot;
        SnapshotPublished?.Invoke(snapshot);
    }

    private EmulationSnapshot TakeSnapshot(double achievedSpeed)
    {
        long cycles = Board.Cpu.Cycles;
        return new EmulationSnapshot(
            Sequence: Interlocked.Increment(ref sequence),
            Cycles: cycles,
            VirtualTime: Board.VirtualTime,
            Panel: Board.Lcd?.Panel(cycles),
            BuzzerOn: Board.Buzzer?.IsOn ?? false,
            RtcTime: Board.Rtc?.GetDateTime(cycles),
            AchievedSpeed: achievedSpeed,
            TargetSpeed: Speed,
            HeldKeys: heldKeys.Order(StringComparer.OrdinalIgnoreCase).ToArray(),
            LatestDiagnostics: latestDiagnostics.ToArray(),
            DiagnosticCount: diagnosticCount,
            DiagnosticRules: poweredOffBoards.Count == 0 ? Board.Diagnostics.Summary() : new DiagnosticReport([.. poweredOffBoards, Board.Diagnostics]).Rules,
            Errors: errors.ToArray(),
            ErrorCount: errorCount,
            PoweredDown: poweredDown,
            LcdQuietFor: Board.Clock.ToTimeSpan(cycles - Board.LastLcdStrobeCycle))
        {
            BusLines = latestBusLines.ToArray(),
            BusLineCount = busLineCount,
            Thermometers = Board.Thermometers.OrderBy(t => t.Key, StringComparer.OrdinalIgnoreCase)
                .Select(t => new ThermometerReading(t.Key, t.Value.Present ? t.Value.Temperature : null)).ToArray(),
        };
    }
}
