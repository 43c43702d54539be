using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Board;

/// <summary>An MCU port pin, e.g. P3.4.</summary>
public readonly record struct McuPin(int Port, int Bit)
{
    /// <summary>The pin as a board file writes it, e.g. P3.4.</summary>
    public override string ToString() => $"P{Port}.{Bit}";

    /// <summary>Parses P0.0–P3.7 (either case); false for anything else.</summary>
    public static bool TryParse(string text, out McuPin pin)
    {
        pin = default;
        if (text.Length != 4 || (text[0] != 'P' && text[0] != 'p') || text[2] != '.') return false;
        int port = text[1] - '0', bit = text[3] - '0';
        if (port is < 0 or > 3 || bit is < 0 or > 7) return false;
        pin = new McuPin(port, bit);
        return true;
    }
}

/// <summary>The kinds of part a board file may list, and the pins each kind has.</summary>
public enum PartKind
{
    /// <summary>HD44780-compatible character LCD (LCD1602): RS, RW, E, DB0–DB7.</summary>
    Lcd,
    /// <summary>DS1302 timekeeping chip: CE, SCLK, IO.</summary>
    Rtc,
    /// <summary>Push button between pin A and pin B (B is ground unless wired to another MCU pin).</summary>
    Key,
    /// <summary>Buzzer on one pin, sounding at its active level.</summary>
    Buzzer,
    /// <summary>USB-serial bridge (CH340 and the like): TX drives the MCU's RXD, RX listens to its TXD.</summary>
    SerialBridge,
    /// <summary>DS18B20 1-Wire thermometer: DQ (open drain; the MCU pin's pull-up keeps the wire high).</summary>
    Thermometer,
}

/// <summary>One part on the board with its options as written in the file.</summary>
public sealed record BoardPart(string Name, PartKind Kind, IReadOnlyDictionary<string, string> Options, int Line)
{
    /// <summary>The pin names a part of <paramref name="kind"/> has, as a board file's wire lines name them.</summary>
    public static IReadOnlyList<string> PinsOf(PartKind kind) => kind switch
    {
        PartKind.Lcd => ["RS", "RW", "E", "DB0", "DB1", "DB2", "DB3", "DB4", "DB5", "DB6", "DB7"],
        PartKind.Rtc => ["CE", "SCLK", "IO"],
        PartKind.Key => ["A", "B"],
        PartKind.Buzzer => ["IN"],
        PartKind.SerialBridge => ["TX", "RX"],
        PartKind.Thermometer => ["DQ"],
        _ => [],
    };

    /// <summary>The option <paramref name="key"/> as written (e.g. bounce=5ms), else <paramref name="fallback"/>.</summary>
    public string Option(string key, string fallback) => Options.TryGetValue(key, out var value) ? value : fallback;
}

/// <summary>A wire from an MCU pin to a part's pin.</summary>
public sealed record BoardWire(McuPin Pin, string Part, string PartPin, int Line);

/// <summary>A resistor from an MCU pin to VCC.</summary>
public sealed record BoardPullUp(McuPin Pin, string Value, int Line);

/// <summary>A whole board, as loaded from a file in schematics/.</summary>
public sealed record BoardDescription(
    string Name,
    string Title,
    PartSpec Mcu,
    long CrystalHz,
    bool FloatingPinsReadHigh,
    IReadOnlyList<BoardPart> Parts,
    IReadOnlyList<BoardWire> Wires,
    IReadOnlyList<BoardPullUp> PullUps,
    string SourceFile)
{
    /// <summary>Power-on overrides from the board file (VCC ramp, reset network, oscillator, ISP bootloader).</summary>
    public PowerOnSpec PowerOn { get; init; } = PowerOnSpec.Default;

    /// <summary>The part named <paramref name="name"/>, or null.</summary>
    public BoardPart? Part(string name) => Parts.FirstOrDefault(p => p.Name == name);

    /// <summary>Every wire to a pin of <paramref name="part"/>.</summary>
    public IEnumerable<BoardWire> WiresOf(string part) => Wires.Where(w => w.Part == part);

    /// <summary>The MCU pin wired to <paramref name="part"/>.<paramref name="partPin"/>, or null when it is not wired.</summary>
    public McuPin? PinOf(string part, string partPin) =>
        Wires.FirstOrDefault(w => w.Part == part && w.PartPin == partPin)?.Pin;

    /// <summary>Every part of one kind.</summary>
    public IEnumerable<BoardPart> PartsOf(PartKind kind) => Parts.Where(p => p.Kind == kind);
}
