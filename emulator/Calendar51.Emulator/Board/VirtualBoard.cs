using System.Numerics;
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
    // Wiring, gathered while the parts are wired and then frozen into per-port arrays so that a pin
    // change costs a walk over the few parts on that port and nothing else (no allocation per edge).
    private readonly List<PinInput>[] inputsWired = [[], [], [], []];
    private readonly List<ChipPin> chipPinsWired = [];
    private readonly List<KeyOutput>[] keyOutputsWired = [[], [], [], []];
    private readonly PinInput[][] inputsByPort = new PinInput[4][];
    // The same inputs by pin (index port × 8 + bit), in the same order: most changes are of one pin.
    private readonly Action<bool, long>[][] inputsByPin = new Action<bool, long>[32][];
    private readonly ChipPin[][] chipPinsByPort = new ChipPin[4][];
    private readonly KeyOutput[][] keyOutputsByPort = new KeyOutput[4][];
    // Bit q of latchDependents[p] is set when some output on port q reads port p's latch (matrix keys).
    private readonly int[] latchDependents = new int[4];
    private bool resolving;
    private int portsToResolve;
    private readonly Ds1302Options? rtcOptions;
    private readonly byte[] pullDowns = new byte[4];

    /// <summary>Builds and powers on the board: the MCU at reset with empty flash (load code with <c>Cpu.LoadCode</c>), every part wired.</summary>
    /// <param name="description">The board, e.g. from <see cref="BoardCatalog.Load"/>.</param>
    /// <param name="rtcOptions">The DS1302's first-power state and supply (default: halted, write-protected, 5 V).</param>
    public VirtualBoard(BoardDescription description, Ds1302Options? rtcOptions = null)
        : this(description, rtcOptions, poweredOnAt: TimeSpan.Zero, powerCycles: 0)
    {
    }

    private VirtualBoard(BoardDescription description, Ds1302Options? rtcOptions, TimeSpan poweredOnAt, int powerCycles)
    {
        Description = description;
        this.rtcOptions = rtcOptions;
        PoweredOnAt = poweredOnAt;
        PowerCycles = powerCycles;
        Clock = new MachineClock(description.CrystalHz);
        PowerSequence = PowerSequence.For(description);
        Diagnostics = new Diagnostics();
        Cpu = new Mcs51(description.Mcu);
        byte port0PullUps = 0;
        foreach (var pullUp in description.PullUps)
        {
            if (pullUp.Pin.Port == 0) port0PullUps |= (byte)(1 << pullUp.Pin.Bit);
        }
        Cpu.SetPort0PullUps(port0PullUps);

        foreach (var part in description.Parts)
        {
            switch (part.Kind)
            {
                case PartKind.Lcd: WireLcd(part); break;
                case PartKind.Rtc: WireRtc(part, rtcOptions); break;
                case PartKind.Key: WireKey(part); break;
                case PartKind.Buzzer: WireBuzzer(part); break;
                case PartKind.SerialBridge: WireSerial(part); break;
                case PartKind.Thermometer: WireThermometer(part); break;
            }
        }
        for (int port = 0; port < 4; port++)
        {
            byte floating = description.FloatingPinsReadHigh ? (byte)0xFF : (byte)0x00;
            Cpu.SetFloatingLevel(port, (byte)(floating & ~pullDowns[port]));
        }
        for (int port = 0; port < 4; port++)
        {
            inputsByPort[port] = [.. inputsWired[port].OrderBy(input => input.Priority)];
            for (int bit = 0; bit < 8; bit++)
                inputsByPin[port * 8 + bit] = [.. inputsByPort[port].Where(input => input.Bit == bit).Select(input => input.Deliver)];
            chipPinsByPort[port] = [.. chipPinsWired.Where(pin => pin.Port == port)];
            keyOutputsByPort[port] = [.. keyOutputsWired[port]];
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
        ResolvePorts(AllPorts, 0);
        Rtc?.PowerUpLevelsSettled();
        Diagnostics.Clear();
        HoldMcuThroughPowerOn();
    }

    /// <summary>The MCU stays in reset while the board's network holds RST, then an STC part runs its bootloader.</summary>
    private void HoldMcuThroughPowerOn()
    {
        var sequence = PowerSequence;
        if (sequence.Isp != IspBootloaderKind.None && Serial is { } bridge)
        {
            var protocol = sequence.Isp == IspBootloaderKind.Bsl7 ? Isp.Stc89Protocol.Bsl7 : Isp.Stc89Protocol.Classic;
            Bootloader = new StcIspBootloader(Cpu, bridge, Clock, Schedule, protocol, sequence.IspMagic, sequence.ResetReleased, sequence.IspWindow);
            return;
        }
        Cpu.HoldInResetUntil(Clock.CyclesIn(sequence.UserCodeStarts));
    }

    private const int AllPorts = 0b1111;

    /// <summary>The board file this board was built from.</summary>
    public BoardDescription Description { get; }
    /// <summary>The crystal: converts machine cycles to time and back.</summary>
    public MachineClock Clock { get; }
    /// <summary>What the chips reported against their datasheets since power-on.</summary>
    public Diagnostics Diagnostics { get; }
    /// <summary>The MCU core.</summary>
    public Mcs51 Cpu { get; }
    /// <summary>The LCD, or null on a board without one.</summary>
    public Hd44780? Lcd { get; private set; }
    /// <summary>The DS1302, or null on a board without one.</summary>
    public Ds1302? Rtc { get; private set; }
    /// <summary>The USB-serial bridge on the MCU's UART pins, or null.</summary>
    public SerialBridge? Serial { get; private set; }
    /// <summary>The keys by name (case-insensitive), e.g. K1.</summary>
    public IReadOnlyDictionary<string, PushButton> Keys => keys;
    /// <summary>The buzzer, or null.</summary>
    public Buzzer? Buzzer { get; private set; }
    /// <summary>The DS18B20 sensors by name, e.g. temp (none on most boards).</summary>
    public IReadOnlyDictionary<string, Ds18b20> Thermometers => thermometers;

    private readonly Dictionary<string, Ds18b20> thermometers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Switch-on to first user instruction: VCC ramp, reset network, oscillator, ISP window.</summary>
    public PowerSequence PowerSequence { get; }

    /// <summary>The STC ISP bootloader (STC parts with a USB-serial bridge), else null.</summary>
    internal StcIspBootloader? Bootloader { get; private set; }

    private readonly Dictionary<string, PushButton> keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> keyPorts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Virtual time since this board was switched on (the MCU starts later: see <see cref="PowerSequence"/>).</summary>
    public TimeSpan Now => Clock.ToTimeSpan(Cpu.Cycles);

    /// <summary>
    /// Virtual time since the first power-on, counting the time spent switched off: unlike
    /// <see cref="Now"/> it keeps growing across <see cref="PowerCycle"/>.
    /// </summary>
    public TimeSpan VirtualTime => PoweredOnAt + Now;

    /// <summary>Where on the <see cref="VirtualTime"/> scale this board was powered on (zero for a new board).</summary>
    public TimeSpan PoweredOnAt { get; }

    /// <summary>How many power cycles led to this board (zero for a new board).</summary>
    public int PowerCycles { get; }

    /// <summary>
    /// Times the LCD's E line has fallen: every completed transfer, read or write. Cheap to watch for
    /// "the screen may have changed" without rendering the panel on every poll.
    /// </summary>
    public long LcdStrobes { get; private set; }

    /// <summary>The machine cycle of the last LCD transfer: how long the screen has been quiet.</summary>
    public long LastLcdStrobeCycle { get; private set; }

    /// <summary>
    /// Switches the board off for <paramref name="offTime"/> and on again, and returns the board as it
    /// then is (this object stays as it was at switch-off). What survives is what survives on the real
    /// board: the flash (the same code), the DS1302 on its coin cell (time, RAM, trickle register, and
    /// its oscillator keeps counting through <paramref name="offTime"/> unless halted), keys still
    /// held, and each DS18B20's surroundings (temperature, plugged in or not) and EEPROM. Everything else starts from its power-on state: the MCU from reset, the LCD from its
    /// internal reset, the buzzer silent, the serial bridge idle, no scheduled events, no diagnostics.
    /// The MCU's RAM (internal and XRAM) does not keep its contents: it is filled with a pattern seeded
    /// by <see cref="PowerCycles"/>, so firmware that trusts RAM across a power loss fails the same
    /// way every run. (At the very first power-on the RAM is zero, the core's default.) The core keeps
    /// its <see cref="Mcs51.Engine"/>: the choice belongs to the run, not to the power.
    /// </summary>
    public VirtualBoard PowerCycle(TimeSpan offTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offTime, TimeSpan.Zero);
        var next = new VirtualBoard(Description, rtcOptions, VirtualTime + offTime, PowerCycles + 1);
        next.Cpu.LoadCode(Cpu.CodeMemory);
        next.Cpu.Engine = Cpu.Engine;
        var random = new Random(next.PowerCycles);
        random.NextBytes(next.Cpu.InternalRam);
        random.NextBytes(next.Cpu.DataMemory);
        if (Rtc is { } rtc && next.Rtc is { } nextRtc)
        {
            nextRtc.RestoreBattery(rtc.CaptureBattery(Cpu.Cycles), 0);
            nextRtc.AdvanceWhileUnpowered(offTime);
        }
        foreach (var (name, key) in keys)
        {
            if (key.IsPressed) next.Press(name);
        }
        foreach (var (name, sensor) in thermometers) next.thermometers[name].CarryOverFrom(sensor, 0);
        return next;
    }

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

    /// <summary>Runs the firmware for <paramref name="span"/> of virtual time (see <see cref="RunUntil"/>).</summary>
    public StopReason RunFor(TimeSpan span) => RunUntil(Cpu.Cycles + Clock.CyclesIn(span));

    /// <summary>Schedules an action at a machine cycle (never in the past).</summary>
    public void Schedule(long cycle, Action<long> action)
    {
        long when = Math.Max(cycle, Cpu.Cycles);
        events.Enqueue(action, (when, eventOrder++));
        // Scheduled from inside a run (a chip answering a pin change): the run must stop in time for it.
        Cpu.LimitRun(when);
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

    /// <summary>
    /// A pin a chip can drive, and what the chip drives on it as of its last change. A chip raises an
    /// event whenever its drive changes; the board's handler keeps the new drive here, so resolving a
    /// port ORs kept bytes instead of asking every chip on the port again.
    /// </summary>
    private sealed class ChipPin(McuPin pin, byte pulledUp)
    {
        private readonly byte mask = (byte)(1 << pin.Bit);
        // A chip's 1 on a pin its pull-up already holds high changes nothing: kept as released.
        private readonly bool highChangesNothing = (pulledUp & 1 << pin.Bit) != 0;
        public int Port { get; } = pin.Port;
        public byte Low { get; private set; }
        public byte High { get; private set; }

        /// <summary>Keeps the chip's new drive; false when it does to the pin what it did.</summary>
        public bool Set(PinDrive drive)
        {
            byte low = drive == PinDrive.Low ? mask : (byte)0;
            byte high = drive == PinDrive.High && !highChangesNothing ? mask : (byte)0;
            if (low == Low && high == High) return false;
            Low = low;
            High = high;
            return true;
        }
    }

    /// <summary>A pin <paramref name="pin"/> a chip drives, starting with what it drives now.</summary>
    private ChipPin DrivenPin(McuPin pin, PinDrive now)
    {
        var driven = new ChipPin(pin, Cpu.PullUps(pin.Port));
        driven.Set(now);
        chipPinsWired.Add(driven);
        return driven;
    }

    /// <summary>
    /// A chip changed what it drives on the ports of <paramref name="changedPorts"/> (bit per port):
    /// resolve those. Its other ports have the drives they had and move no pin; a key moves only at
    /// its own resolutions (<see cref="ActOnKey"/> schedules one at the press or release and at every
    /// bounce), so it needs none here.
    /// </summary>
    private void ChipDriveChanged(int changedPorts, long cycle)
    {
        if (changedPorts != 0) ResolvePorts(changedPorts, cycle);
    }

    /// <summary>Like the other overload, for a chip with one pin.</summary>
    private void ChipDriveChanged(ChipPin pin, PinDrive drive, long cycle) =>
        ChipDriveChanged(pin.Set(drive) ? 1 << pin.Port : 0, cycle);

    /// <summary>
    /// A key's contact on one pin. It pulls the pin low while closed (for a matrix key: while closed
    /// and the other side's latch is 0); contacts bounce with time and latches change without the key
    /// knowing, so a key is asked afresh whenever its port is resolved.
    /// </summary>
    private readonly record struct KeyOutput(PushButton Key, int Bit, int OtherPort, int OtherBit)
    {
        public const int ToGround = -1;
    }

    private void Listen(McuPin pin, Action<bool, long> deliver, int priority = 0) =>
        inputsWired[pin.Port].Add(new PinInput(pin.Bit, priority, deliver));

    private void WireLcd(BoardPart part)
    {
        var lcd = new Hd44780(Clock, Diagnostics, new Hd44780Options { Name = part.Name, SupplyReadyAt = PowerSequence.VccReaches(PowerSequence.LcdSupplyVolts) });
        Lcd = lcd;
        var dataPins = new List<(ChipPin Pin, int DataBit)>();
        // Data and RS/RW settle before E is looked at when a single port write changes several of them.
        foreach (var wire in Description.WiresOf(part.Name))
        {
            switch (wire.PartPin)
            {
                case "RS": Listen(wire.Pin, lcd.SetRs); break;
                case "RW": Listen(wire.Pin, lcd.SetRw); break;
                case "E":
                    Listen(wire.Pin, (level, cycle) =>
                    {
                        lcd.SetE(level, cycle);
                        if (level) return;
                        LcdStrobes++;
                        LastLcdStrobeCycle = cycle;
                    }, priority: 1);
                    break;
                default:
                {
                    int bit = wire.PartPin[2] - '0';
                    Listen(wire.Pin, (level, cycle) => lcd.SetDataPin(bit, level, cycle));
                    dataPins.Add((DrivenPin(wire.Pin, DataDrive(lcd, bit)), bit));
                    break;
                }
            }
        }
        lcd.DataDriveChanged += cycle =>
        {
            int changed = 0;
            foreach (var (pin, bit) in dataPins)
            {
                if (pin.Set(DataDrive(lcd, bit))) changed |= 1 << pin.Port;
            }
            ChipDriveChanged(changed, cycle);
        };
    }

    private static PinDrive DataDrive(Hd44780 lcd, int bit) =>
        (lcd.DataDriveMask & (1 << bit)) == 0 ? PinDrive.None : (lcd.DataOutput & (1 << bit)) != 0 ? PinDrive.High : PinDrive.Low;

    private void WireRtc(BoardPart part, Ds1302Options? options)
    {
        var rtc = new Ds1302(Clock, Diagnostics, PartOptions.Rtc(part, (options ?? new Ds1302Options()) with { Name = part.Name }));
        Rtc = rtc;
        var io = Description.PinOf(part.Name, "IO")!.Value;
        // The chip's 40 kΩ pull-downs on CE, SCLK and IO: a line with nothing else holding it up
        // (a P0 pin without a resistor) reads low; a P1–P3 pin's weak pull-up wins (Chips/README.md).
        foreach (var pin in Description.WiresOf(part.Name).Select(w => w.Pin)) pullDowns[pin.Port] |= (byte)(1 << pin.Bit);
        Listen(Description.PinOf(part.Name, "CE")!.Value, rtc.SetCe);
        Listen(io, rtc.SetIo);
        Listen(Description.PinOf(part.Name, "SCLK")!.Value, rtc.SetSclk, priority: 1);
        var ioPin = DrivenPin(io, rtc.IoDrive);
        rtc.IoDriveChanged += cycle => ChipDriveChanged(ioPin, rtc.IoDrive, cycle);
    }

    private void WireSerial(BoardPart part)
    {
        var rx = Description.PinOf(part.Name, "RX");
        var bridge = new SerialBridge(Clock, DefaultBaud(Description.CrystalHz), Schedule,
            () => rx is { } pin && (Cpu.PinLevels(pin.Port) & (1 << pin.Bit)) != 0);
        Serial = bridge;
        if (Description.PinOf(part.Name, "TX") is { } tx)
        {
            var txPin = DrivenPin(tx, bridge.RxdLevel ? PinDrive.None : PinDrive.Low);
            bridge.RxdChanged += cycle => ChipDriveChanged(txPin, bridge.RxdLevel ? PinDrive.None : PinDrive.Low, cycle);
        }
        if (rx is { } listened) Listen(listened, bridge.TxdChanged);
    }

    /// <summary>
    /// The Calendar51 firmware's rate: 9600 baud where timer 1 makes it exactly (crystal a multiple of
    /// 12 × 16 × 9600 with SMOD set, e.g. 11.0592 MHz), else 4800 (12 MHz: 4808 baud, 0.16 % fast).
    /// </summary>
    public static int DefaultBaud(long crystalHz) => crystalHz % (12 * 16 * 9600) == 0 ? 9600 : 4800;

    private void WireKey(BoardPart part)
    {
        var key = new PushButton(Clock, part.Name, new PushButtonOptions
        {
            Bounce = PartOptions.KeyBounce(part),
            Seed = keys.Count + 1,
        });
        keys[part.Name] = key;
        var a = Description.PinOf(part.Name, "A")!.Value;
        var b = Description.PinOf(part.Name, "B");
        keyPorts[part.Name] = 1 << a.Port | (b is { } pinB ? 1 << pinB.Port : 0);
        if (b is null)
        {
            // A switch to ground: closed pulls the pin low.
            keyOutputsWired[a.Port].Add(new KeyOutput(key, a.Bit, KeyOutput.ToGround, 0));
            return;
        }
        // A matrix key joins two MCU pins: closed, each side reads low while the other side's latch is 0.
        var other = b.Value;
        latchDependents[other.Port] |= 1 << a.Port;
        latchDependents[a.Port] |= 1 << other.Port;
        keyOutputsWired[a.Port].Add(new KeyOutput(key, a.Bit, other.Port, other.Bit));
        keyOutputsWired[other.Port].Add(new KeyOutput(key, other.Bit, a.Port, a.Bit));
    }

    private void WireBuzzer(BoardPart part)
    {
        var buzzer = new Buzzer(Clock, activeHigh: PartOptions.BuzzerActiveHigh(part));
        Buzzer = buzzer;
        Listen(Description.PinOf(part.Name, "IN")!.Value, buzzer.SetLevel);
    }

    private void WireThermometer(BoardPart part)
    {
        var sensor = new Ds18b20(Clock, Diagnostics, ThermometerOptions.For(part, thermometers.Count), Schedule);
        thermometers[part.Name] = sensor;
        var dq = Description.PinOf(part.Name, "DQ")!.Value;
        Listen(dq, sensor.SetDq);
        var dqPin = DrivenPin(dq, sensor.DqDrive);
        sensor.DqDriveChanged += cycle => ChipDriveChanged(dqPin, sensor.DqDrive, cycle);
    }

    // ---- thermometers ------------------------------------------------------------------------------

    /// <summary>The DS18B20 called <paramref name="name"/>, or with null the board's only one.</summary>
    public Ds18b20 Thermometer(string? name)
    {
        if (name is not null)
            return thermometers.TryGetValue(name, out var named) ? named
                : throw new ArgumentException($"board {Description.Name} has no DS18B20 '{name}' (DS18B20s: {string.Join(", ", thermometers.Keys)})");
        return thermometers.Count == 1 ? thermometers.Values.Single()
            : throw new ArgumentException(thermometers.Count == 0
                ? $"board {Description.Name} has no DS18B20"
                : $"board {Description.Name} has {thermometers.Count} DS18B20s: name one ({string.Join(", ", thermometers.Keys)})");
    }

    /// <summary>
    /// Sets the temperature around a sensor now; null pulls the sensor out of its socket (the wire is
    /// left to its pull-up) and a later temperature plugs it back in, powering up afresh.
    /// </summary>
    public void SetTemperature(string? name, double? celsius)
    {
        var sensor = Thermometer(name);
        long now = Cpu.Cycles;
        if (celsius is not { } value)
        {
            sensor.Remove(now);
            return;
        }
        sensor.Temperature = value;
        var dq = Description.PinOf(sensor.Options.Name, "DQ")!.Value;
        sensor.Insert((Cpu.PinLevels(dq.Port) & (1 << dq.Bit)) != 0, now);
    }

    // ---- keys --------------------------------------------------------------------------------------

    /// <summary>The key named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The board has no such key (the message lists its keys).</exception>
    public PushButton Key(string name) =>
        keys.TryGetValue(name, out var key) ? key : throw new ArgumentException($"board {Description.Name} has no key '{name}' (keys: {string.Join(", ", keys.Keys)})");

    /// <summary>Presses a key now; every contact transition of its bounce reaches the pins on time.</summary>
    public void Press(string name) => ActOnKey(Key(name), press: true);

    /// <summary>Releases a key now; the contacts bounce open on time.</summary>
    public void Release(string name) => ActOnKey(Key(name), press: false);

    private void ActOnKey(PushButton key, bool press)
    {
        long now = Cpu.Cycles;
        if (press) key.Press(now);
        else key.Release(now);
        int ports = keyPorts[key.Name];
        ResolvePorts(ports, now);
        for (long? at = key.NextTransitionAfter(now); at is { } cycle; at = key.NextTransitionAfter(cycle))
        {
            Schedule(cycle, when => ResolvePorts(ports, when));
        }
    }

    // ---- pins --------------------------------------------------------------------------------------

    /// <summary>
    /// Told of every pin change before the parts on the wire are (a logic analyser), so what it
    /// records is in time order even when a part answers within the same cycle. Null costs a check.
    /// </summary>
    public IPortListener? WireObserver { get; set; }

    /// <inheritdoc/>
    public void PortChanged(int port, byte previous, byte current, long cycle)
    {
        WireObserver?.PortChanged(port, previous, current, cycle);
        int changed = previous ^ current;
        if (changed != 0 && (changed & (changed - 1)) == 0)
        {
            bool level = (current & changed) != 0;
            foreach (var deliver in inputsByPin[port * 8 + BitOperations.TrailingZeroCount(changed)]) deliver(level, cycle);
        }
        else
        {
            foreach (var input in inputsByPort[port])
            {
                int mask = 1 << input.Bit;
                if ((changed & mask) != 0) input.Deliver((current & mask) != 0, cycle);
            }
        }
        // Parts that change what they drive in answer raise their own events; only outputs that read
        // this port's latch (a matrix key's other side) need to be asked again here.
        if (latchDependents[port] != 0) ResolvePorts(latchDependents[port], cycle);
    }

    /// <summary>
    /// Re-resolves the ports in <paramref name="ports"/> (bit per port). A resolution that makes a
    /// part change its drive asks for another pass instead of recursing; eight passes bound a
    /// pathological loop.
    /// </summary>
    private void ResolvePorts(int ports, long cycle)
    {
        portsToResolve |= ports;
        if (resolving) return;
        resolving = true;
        try
        {
            for (int pass = 0; pass < 8 && portsToResolve != 0; pass++)
            {
                for (int port = 0; port < 4; port++)
                {
                    int bit = 1 << port;
                    if ((portsToResolve & bit) == 0) continue;
                    portsToResolve &= ~bit;
                    byte low = 0, high = 0;
                    foreach (var pin in chipPinsByPort[port])
                    {
                        low |= pin.Low;
                        high |= pin.High;
                    }
                    long now = Cpu.Cycles;
                    foreach (var key in keyOutputsByPort[port])
                    {
                        if (key.Key.IsClosedAt(now) && (key.OtherPort == KeyOutput.ToGround || (Cpu.Latch(key.OtherPort) & (1 << key.OtherBit)) == 0))
                            low |= (byte)(1 << key.Bit);
                    }
                    Cpu.DriveExternally(port, low, high, cycle);
                }
            }
        }
        finally
        {
            portsToResolve = 0;
            resolving = false;
        }
    }
}
