using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Board;

/// <summary>
/// A board built from its description: the MCU, its crystal, and every part wired to the MCU's pins
/// as the file says. The board is the only place that knows what is connected to what: it hears
/// every pin change of the MCU, hands each to the part pins on that wire, and resolves each wire as
/// the wired-AND of the port latch and everything that drives it.
/// </summary>
public sealed class VirtualBoard : IPortListener
{
    private readonly PriorityQueue<Action<long>, (long Cycle, long Order)> events = new();
    private long eventOrder;
    private readonly List<PinInput>[] inputsByPort = [[], [], [], []];
    private readonly List<PinOutput> outputs = [];
    private bool resolving;
    private readonly bool[] resolveAgain = new bool[4];

    public VirtualBoard(BoardDescription description, Ds1302Options? rtcOptions = null)
    {
        Description = description;
        Clock = new MachineClock(description.CrystalHz);
        Diagnostics = new Diagnostics();
        Cpu = new Mcs51(description.Mcu);
        byte port0PullUps = 0;
        foreach (var pullUp in description.PullUps)
        {
            if (pullUp.Pin.Port == 0) port0PullUps |= (byte)(1 << pullUp.Pin.Bit);
        }
        Cpu.SetPort0PullUps(port0PullUps);
        if (!description.FloatingPinsReadHigh)
        {
            for (int port = 0; port < 4; port++) Cpu.SetFloatingLevel(port, 0x00);
        }

        foreach (var part in description.Parts)
        {
            switch (part.Kind)
            {
                case PartKind.Lcd: WireLcd(part); break;
                case PartKind.Rtc: WireRtc(part, rtcOptions); break;
                case PartKind.Key: WireKey(part); break;
                case PartKind.Buzzer: WireBuzzer(part); break;
                case PartKind.SerialBridge: WireSerial(part); break;
            }
        }
        Cpu.AttachPortListener(this);
        Diagnostics.LocationProvider = () => $"pc 0x{Cpu.PC:X4}";
        // Power-on: every part sees the levels the pins have after reset (all latches 1). Clocks and
        // strobes (SCLK, E) come up first so that no transfer seems to start; what the chips report
        // about the supply ramp itself is not a firmware fault, so the list starts empty.
        for (int priority = 1; priority >= 0; priority--)
        {
            for (int port = 0; port < 4; port++)
            {
                byte levels = Cpu.PinLevels(port);
                foreach (var input in inputsByPort[port])
                {
                    if (input.Priority == priority) input.Deliver((levels & (1 << input.Bit)) != 0, 0);
                }
            }
        }
        ResolveAll(0);
        Diagnostics.Clear();
    }

    public BoardDescription Description { get; }
    public MachineClock Clock { get; }
    public Diagnostics Diagnostics { get; }
    public Mcs51 Cpu { get; }
    public Hd44780? Lcd { get; private set; }
    public Ds1302? Rtc { get; private set; }
    public SerialBridge? Serial { get; private set; }
    public IReadOnlyDictionary<string, PushButton> Keys => keys;
    public Buzzer? Buzzer { get; private set; }

    private readonly Dictionary<string, PushButton> keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Virtual time since power-on.</summary>
    public TimeSpan Now => Clock.ToTimeSpan(Cpu.Cycles);

    /// <summary>Runs the firmware until <paramref name="cycle"/>, delivering every scheduled event on time.</summary>
    public StopReason RunUntil(long cycle, int untilPc = -1, bool stopAtSelfJump = false)
    {
        while (Cpu.Cycles < cycle)
        {
            long next = events.TryPeek(out _, out var when) ? when.Cycle : long.MaxValue;
            var reason = Cpu.Run(Math.Min(cycle, Math.Max(next, Cpu.Cycles + 1)), untilPc);
            if (reason == StopReason.UntilPc || reason == StopReason.PowerDown) return reason;
            if (reason == StopReason.SelfJump && stopAtSelfJump) return reason;
            DeliverDueEvents();
        }
        DeliverDueEvents();
        return StopReason.MaxCycles;
    }

    public StopReason RunFor(TimeSpan span) => RunUntil(Cpu.Cycles + Clock.CyclesIn(span));

    /// <summary>Schedules an action at a machine cycle (never in the past).</summary>
    public void Schedule(long cycle, Action<long> action)
    {
        events.Enqueue(action, (Math.Max(cycle, Cpu.Cycles), eventOrder++));
    }

    private void DeliverDueEvents()
    {
        while (events.TryPeek(out var action, out var when) && when.Cycle <= Cpu.Cycles)
        {
            events.Dequeue();
            action(Cpu.Cycles);
        }
    }

    // ---- wiring ----------------------------------------------------------------------------------

    private readonly record struct PinInput(int Bit, int Priority, Action<bool, long> Deliver);

    /// <summary>Something that can pull a pin low or drive it high, asked whenever its port is resolved.</summary>
    private readonly record struct PinOutput(McuPin Pin, Func<PinDrive> Drive);

    private void Listen(McuPin pin, Action<bool, long> deliver, int priority = 0)
    {
        inputsByPort[pin.Port].Add(new PinInput(pin.Bit, priority, deliver));
        inputsByPort[pin.Port].Sort((a, b) => a.Priority.CompareTo(b.Priority));
    }

    private void Drive(McuPin pin, Func<PinDrive> drive) => outputs.Add(new PinOutput(pin, drive));

    private void WireLcd(BoardPart part)
    {
        var lcd = new Hd44780(Clock, Diagnostics, new Hd44780Options { Name = part.Name });
        Lcd = lcd;
        // Data and RS/RW settle before E is looked at when a single port write changes several of them.
        foreach (var wire in Description.WiresOf(part.Name))
        {
            switch (wire.PartPin)
            {
                case "RS": Listen(wire.Pin, lcd.SetRs); break;
                case "RW": Listen(wire.Pin, lcd.SetRw); break;
                case "E": Listen(wire.Pin, lcd.SetE, priority: 1); break;
                default:
                {
                    int bit = wire.PartPin[2] - '0';
                    Listen(wire.Pin, (level, cycle) => lcd.SetDataPin(bit, level, cycle));
                    Drive(wire.Pin, () => (lcd.DataDriveMask & (1 << bit)) == 0
                        ? PinDrive.None
                        : (lcd.DataOutput & (1 << bit)) != 0 ? PinDrive.High : PinDrive.Low);
                    break;
                }
            }
        }
        lcd.DataDriveChanged += ResolveAll;
    }

    private void WireRtc(BoardPart part, Ds1302Options? options)
    {
        var rtc = new Ds1302(Clock, Diagnostics, (options ?? new Ds1302Options()) with { Name = part.Name });
        Rtc = rtc;
        var io = Description.PinOf(part.Name, "IO")!.Value;
        Listen(Description.PinOf(part.Name, "CE")!.Value, rtc.SetCe);
        Listen(io, rtc.SetIo);
        Listen(Description.PinOf(part.Name, "SCLK")!.Value, rtc.SetSclk, priority: 1);
        Drive(io, () => rtc.IoDrive);
        rtc.IoDriveChanged += ResolveAll;
    }

    private void WireSerial(BoardPart part)
    {
        var rx = Description.PinOf(part.Name, "RX");
        var bridge = new SerialBridge(Clock, DefaultBaud(Description.CrystalHz), Schedule,
            () => rx is { } pin && (Cpu.PinLevels(pin.Port) & (1 << pin.Bit)) != 0);
        Serial = bridge;
        if (Description.PinOf(part.Name, "TX") is { } tx)
        {
            Drive(tx, () => bridge.RxdLevel ? PinDrive.None : PinDrive.Low);
            bridge.RxdChanged += ResolveAll;
        }
        if (rx is { } listened) Listen(listened, bridge.TxdChanged);
    }

    /// <summary>The Calendar51 firmware's rate: 9600 baud where the crystal divides it exactly, 4800 at 12 MHz.</summary>
    public static int DefaultBaud(long crystalHz) => crystalHz % 9600 == 0 ? 9600 : 4800;

    private void WireKey(BoardPart part)
    {
        double bounceMs = BoardFile.ParseMilliseconds(part.Option("bounce", "5ms")) ?? 5;
        var key = new PushButton(Clock, part.Name, new PushButtonOptions
        {
            Bounce = TimeSpan.FromMilliseconds(bounceMs),
            Seed = keys.Count + 1,
        });
        keys[part.Name] = key;
        var a = Description.PinOf(part.Name, "A")!.Value;
        var b = Description.PinOf(part.Name, "B");
        if (b is null)
        {
            // A switch to ground: closed pulls the pin low.
            Drive(a, () => key.IsClosedAt(Cpu.Cycles) ? PinDrive.Low : PinDrive.None);
            return;
        }
        // A matrix key joins two MCU pins: closed, each side reads low while the other side's latch is 0.
        var other = b.Value;
        Drive(a, () => key.IsClosedAt(Cpu.Cycles) && (Cpu.Latch(other.Port) & (1 << other.Bit)) == 0 ? PinDrive.Low : PinDrive.None);
        Drive(other, () => key.IsClosedAt(Cpu.Cycles) && (Cpu.Latch(a.Port) & (1 << a.Bit)) == 0 ? PinDrive.Low : PinDrive.None);
    }

    private void WireBuzzer(BoardPart part)
    {
        var buzzer = new Buzzer(Clock, activeHigh: part.Option("active", "low") == "high");
        Buzzer = buzzer;
        Listen(Description.PinOf(part.Name, "IN")!.Value, buzzer.SetLevel);
    }

    // ---- keys --------------------------------------------------------------------------------------

    public PushButton Key(string name) =>
        keys.TryGetValue(name, out var key) ? key : throw new ArgumentException($"board {Description.Name} has no key '{name}' (keys: {string.Join(", ", keys.Keys)})");

    /// <summary>Presses a key now; every contact transition of its bounce reaches the pins on time.</summary>
    public void Press(string name) => ActOnKey(Key(name), press: true);

    public void Release(string name) => ActOnKey(Key(name), press: false);

    private void ActOnKey(PushButton key, bool press)
    {
        long now = Cpu.Cycles;
        if (press) key.Press(now);
        else key.Release(now);
        ResolveAll(now);
        for (long? at = key.NextTransitionAfter(now); at is { } cycle; at = key.NextTransitionAfter(cycle))
        {
            Schedule(cycle, ResolveAll);
        }
    }

    // ---- pins --------------------------------------------------------------------------------------

    public void PortChanged(int port, byte previous, byte current, long cycle)
    {
        int changed = previous ^ current;
        foreach (var input in inputsByPort[port])
        {
            int mask = 1 << input.Bit;
            if ((changed & mask) != 0) input.Deliver((current & mask) != 0, cycle);
        }
        // A port write changes what matrix keys and shared lines see on other pins.
        ResolveAll(cycle);
    }

    private void ResolveAll(long cycle)
    {
        for (int port = 0; port < 4; port++) ResolvePort(port, cycle);
    }

    private void ResolvePort(int port, long cycle)
    {
        if (resolving)
        {
            resolveAgain[port] = true;
            return;
        }
        resolving = true;
        try
        {
            resolveAgain[port] = true;
            for (int pass = 0; pass < 8 && Array.IndexOf(resolveAgain, true) >= 0; pass++)
            {
                for (int p = 0; p < 4; p++)
                {
                    if (!resolveAgain[p]) continue;
                    resolveAgain[p] = false;
                    byte low = 0, high = 0;
                    foreach (var output in outputs)
                    {
                        if (output.Pin.Port != p) continue;
                        switch (output.Drive())
                        {
                            case PinDrive.Low: low |= (byte)(1 << output.Pin.Bit); break;
                            case PinDrive.High: high |= (byte)(1 << output.Pin.Bit); break;
                        }
                    }
                    Cpu.DriveExternally(p, low, high, cycle);
                }
            }
        }
        finally
        {
            resolving = false;
        }
    }
}
