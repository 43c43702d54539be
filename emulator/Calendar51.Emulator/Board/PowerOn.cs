using System.Globalization;
using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Board;

/// <summary>How the MCU's RST pin is held high after power-on.</summary>
public abstract record ResetCircuit
{
    /// <summary>
    /// The reset input's guaranteed high threshold as a fraction of VCC (AT89C51 datasheet, DC
    /// characteristics: VIH1 for XTAL1 and RST = 0.7 VCC minimum). Below it the part may leave reset.
    /// </summary>
    public const double ThresholdFraction = 0.7;

    /// <summary>How long after VCC is up the part is guaranteed to be held in reset.</summary>
    public abstract TimeSpan HoldTime { get; }
}

/// <summary>
/// The textbook power-on reset: a capacitor from VCC to RST and a resistor from RST to ground. At
/// switch-on RST follows VCC, then falls as VCC·e^(−t/RC); the part stays in reset while RST is above
/// <see cref="ResetCircuit.ThresholdFraction"/>·VCC, that is for RC·ln(1/0.7) ≈ 0.357·RC.
/// </summary>
public sealed record RcReset(double Farads, double Ohms) : ResetCircuit
{
    public override TimeSpan HoldTime => TimeSpan.FromSeconds(Farads * Ohms * Math.Log(1 / ThresholdFraction));
}

/// <summary>A reset held for a fixed time after VCC is up (a supervisor chip, or a measured board).</summary>
public sealed record FixedReset(TimeSpan Time) : ResetCircuit
{
    public override TimeSpan HoldTime => Time;
}

/// <summary>Which ISP bootloader an STC89 part carries (stc-isp.md §1): classic BSL 4.x/6.x or BSL 7.x.</summary>
public enum IspBootloaderKind
{
    None,
    Classic,
    Bsl7,
}

/// <summary>
/// What happens between switching a board on and its first user instruction, as a board file may
/// override it (<c>vcc rise</c>, <c>reset</c>, <c>oscillator start</c>, <c>isp</c> statements). Null
/// fields take the defaults of <see cref="PowerSequence"/>.
/// </summary>
public sealed record PowerOnSpec
{
    public static readonly PowerOnSpec Default = new();

    public TimeSpan? VccRise { get; init; }
    public ResetCircuit? Reset { get; init; }
    public TimeSpan? OscillatorStartup { get; init; }
    public IspBootloaderKind? Isp { get; init; }
    public TimeSpan? IspWindow { get; init; }
    /// <summary>The model magic the bootloader's status packet reports (default: STC89C52RC, or "STC89C52" for BSL 7.x).</summary>
    public ushort? IspMagic { get; init; }
    /// <summary>Line of the <c>isp</c> statement (to blame it when the MCU has no such bootloader).</summary>
    public int IspLine { get; init; }

    /// <summary>Longest duration a power-on statement accepts: anything longer is a typo.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromSeconds(10);

    /// <summary>The board-file statements this record reads.</summary>
    public static bool IsStatement(string word) => word is "vcc" or "reset" or "oscillator" or "isp";

    /// <summary>
    /// Applies one statement: <c>vcc rise 1ms</c>, <c>reset rc 10uF 10k</c>, <c>reset 80ms</c>,
    /// <c>oscillator start 5ms</c>, <c>isp classic|bsl7|none [WINDOW] [magic=HHHH]</c>. Throws through
    /// <paramref name="error"/> with the reason.
    /// </summary>
    public PowerOnSpec Apply(IReadOnlyList<string> words, int line, Func<string, Exception> error)
    {
        switch (words[0])
        {
            case "vcc":
                if (words.Count != 3 || words[1] != "rise") throw error("expected: vcc rise DURATION (e.g. vcc rise 1ms: VCC from 0 to 5 V)");
                if (VccRise is not null) throw error("vcc rise is given twice");
                return this with { VccRise = Duration(words[2], "vcc rise", error, allowZero: true) };
            case "reset":
                if (Reset is not null) throw error("reset is given twice");
                if (words.Count == 4 && words[1] == "rc")
                {
                    double farads = Quantity(words[2], "F", error, "a capacitance (e.g. 10uF)");
                    double ohms = Quantity(words[3], "Ω", error, "a resistance (e.g. 10k)");
                    var rc = new RcReset(farads, ohms);
                    if (rc.HoldTime > LongestDuration) throw error($"reset rc {words[2]} {words[3]} holds reset for {rc.HoldTime.TotalSeconds:0.#} s: more than {LongestDuration.TotalSeconds:0} s");
                    return this with { Reset = rc };
                }
                if (words.Count == 2) return this with { Reset = new FixedReset(Duration(words[1], "reset", error, allowZero: true)) };
                throw error("expected: reset rc CAPACITANCE RESISTANCE (e.g. reset rc 10uF 10k) or reset DURATION (e.g. reset 80ms)");
            case "oscillator":
                if (words.Count != 3 || words[1] != "start") throw error("expected: oscillator start DURATION (e.g. oscillator start 5ms)");
                if (OscillatorStartup is not null) throw error("oscillator start is given twice");
                return this with { OscillatorStartup = Duration(words[2], "oscillator start", error, allowZero: true) };
            case "isp":
            {
                const string usage = "expected: isp classic|bsl7|none [WINDOW] [magic=HHHH] (e.g. isp classic 200ms)";
                if (words.Count is < 2 or > 4) throw error(usage);
                if (Isp is not null) throw error("isp is given twice");
                IspBootloaderKind kind = words[1] switch
                {
                    "classic" => IspBootloaderKind.Classic,
                    "bsl7" => IspBootloaderKind.Bsl7,
                    "none" => IspBootloaderKind.None,
                    _ => throw error($"unknown ISP bootloader '{words[1]}' (classic, bsl7, none)"),
                };
                if (kind == IspBootloaderKind.None && words.Count > 2) throw error("isp none takes nothing more");
                TimeSpan? window = null;
                ushort? magic = null;
                foreach (var word in words.Skip(2))
                {
                    if (word.StartsWith("magic=", StringComparison.Ordinal))
                    {
                        if (magic is not null) throw error("isp: magic is given twice");
                        if (word.Length != 10 || !ushort.TryParse(word[6..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort value))
                            throw error($"isp: '{word}' is not magic=HHHH (four hex digits, e.g. magic=F002)");
                        magic = value;
                    }
                    else
                    {
                        if (window is not null) throw error(usage);
                        window = Duration(word, "isp window", error, allowZero: false);
                    }
                }
                return this with { Isp = kind, IspWindow = window, IspMagic = magic, IspLine = line };
            }
            default:
                throw error($"'{words[0]}' is not a power-on statement");
        }
    }

    /// <summary>A duration with its unit: 500us, 1.5ms, 2s.</summary>
    internal static TimeSpan Duration(string text, string what, Func<string, Exception> error, bool allowZero)
    {
        (string unit, double scale) = text switch
        {
            _ when text.EndsWith("us", StringComparison.Ordinal) || text.EndsWith("µs", StringComparison.Ordinal) => ("us", 1e-6),
            _ when text.EndsWith("ms", StringComparison.Ordinal) => ("ms", 1e-3),
            _ when text.EndsWith('s') => ("s", 1),
            _ => ("", 0),
        };
        if (scale == 0 || !double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw error($"{what}: '{text}' is not a duration (e.g. 500us, 1.5ms, 2s)");
        if (value < 0 || (value == 0 && !allowZero)) throw error($"{what}: '{text}' must be {(allowZero ? "zero or more" : "more than zero")}");
        var span = TimeSpan.FromSeconds(value * scale);
        if (span > LongestDuration) throw error($"{what}: '{text}' is longer than {LongestDuration.TotalSeconds:0} s");
        return span;
    }

    /// <summary>A positive value with an SI prefix: 10uF, 100nF, 10k, 4.7kΩ, 1M.</summary>
    internal static double Quantity(string text, string unit, Func<string, Exception> error, string example)
    {
        string body = text;
        if (unit == "Ω")
        {
            foreach (var suffix in new[] { "Ω", "ohm", "R" })
                if (body.EndsWith(suffix, StringComparison.Ordinal)) { body = body[..^suffix.Length]; break; }
        }
        else if (body.EndsWith(unit, StringComparison.Ordinal))
        {
            body = body[..^unit.Length];
        }
        else
        {
            throw error($"'{text}' is not {example}");
        }
        double scale = 1;
        if (body.Length > 0 && Prefixes.TryGetValue(body[^1], out double prefix))
        {
            scale = prefix;
            body = body[..^1];
        }
        if (!double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0)
            throw error($"'{text}' is not {example}");
        return value * scale;
    }

    private static readonly Dictionary<char, double> Prefixes = new()
    {
        ['p'] = 1e-12, ['n'] = 1e-9, ['u'] = 1e-6, ['µ'] = 1e-6, ['m'] = 1e-3, ['k'] = 1e3, ['M'] = 1e6,
    };
}

/// <summary>
/// The moments of a board's power-on, on the board's time scale (zero = the switch closes), from its
/// <see cref="PowerOnSpec"/> and the defaults below (sources in schematics/README.md, "Power-on"):
/// <list type="bullet">
/// <item>VCC ramps linearly from 0 to 5 V in <see cref="VccRise"/> (default 1 ms: a USB supply into a
/// board's bulk capacitors; the HD44780's own power-on reset wants a 0.1–10 ms rise).</item>
/// <item>The crystal oscillator runs <see cref="OscillatorStartup"/> after VCC is up (default 5 ms; the
/// AT89C51 datasheet gives no figure). Reset needs it running for two machine cycles.</item>
/// <item>RST is held by the board's network (default 10 µF to VCC with 10 kΩ to ground, the circuit on
/// every board here: held ≈ 35.7 ms after VCC is up).</item>
/// <item>An STC89 part then runs its ISP bootloader, which listens for the programmer's 7F for
/// <see cref="IspWindow"/> before it starts the user's code (default 200 ms; STC publishes no figure).</item>
/// </list>
/// </summary>
public sealed record PowerSequence(
    TimeSpan VccRise,
    ResetCircuit Reset,
    TimeSpan OscillatorStartup,
    IspBootloaderKind Isp,
    TimeSpan IspWindow,
    ushort IspMagic,
    TimeSpan ResetReleased)
{
    public static readonly TimeSpan DefaultVccRise = TimeSpan.FromMilliseconds(1);
    public static readonly ResetCircuit DefaultReset = new RcReset(10e-6, 10e3);
    public static readonly TimeSpan DefaultOscillatorStartup = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan DefaultIspWindow = TimeSpan.FromMilliseconds(200);

    /// <summary>The supply level at which an HD44780 starts its power-on wait (hd44780.md §4: 15 ms after 4.5 V).</summary>
    public const double LcdSupplyVolts = 4.5;
    public const double SupplyVolts = 5.0;

    public static PowerSequence For(BoardDescription board)
    {
        var spec = board.PowerOn;
        var vccRise = spec.VccRise ?? DefaultVccRise;
        var reset = spec.Reset ?? DefaultReset;
        var oscillator = spec.OscillatorStartup ?? DefaultOscillatorStartup;
        var isp = spec.Isp ?? (board.Mcu.HasStcSfrs ? IspBootloaderKind.Classic : IspBootloaderKind.None);
        // Reset acts only once the oscillator has run for two machine cycles (AT89C51 datasheet, RST pin).
        var twoMachineCycles = TimeSpan.FromSeconds(2.0 * 12 / board.CrystalHz);
        var released = vccRise + (reset.HoldTime > oscillator + twoMachineCycles ? reset.HoldTime : oscillator + twoMachineCycles);
        ushort magic = spec.IspMagic ?? (isp == IspBootloaderKind.Bsl7 ? StcIspBootloader.Bsl7Magic : StcIspBootloader.ClassicMagic);
        var window = isp == IspBootloaderKind.None ? TimeSpan.Zero : spec.IspWindow ?? DefaultIspWindow;
        return new PowerSequence(vccRise, reset, oscillator, isp, window, magic, released);
    }

    /// <summary>When VCC reaches <paramref name="volts"/> on the linear ramp.</summary>
    public TimeSpan VccReaches(double volts) => VccRise * Math.Clamp(volts / SupplyVolts, 0, 1);

    /// <summary>When the user's code runs its first instruction if nobody talks to the bootloader.</summary>
    public TimeSpan UserCodeStarts => ResetReleased + IspWindow;
}
