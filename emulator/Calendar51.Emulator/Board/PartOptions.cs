using System.Globalization;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Board;

/// <summary>
/// The values a board file may give: part options (<c>key=value</c> after <c>part NAME KIND</c>),
/// pull-up resistances and the MCU's crystal. Each is parsed and range-checked when the file is
/// loaded, so a board either loads with meaningful values or is refused with file and line; the
/// board reads the already-checked values through the typed accessors here.
/// </summary>
public static class PartOptions
{
    /// <summary>Longest contact bounce accepted; a contact chattering longer is broken, not bouncing.</summary>
    public static readonly TimeSpan MaximumBounce = TimeSpan.FromMilliseconds(100);

    /// <summary>Contact bounce of a key whose board file line gives none.</summary>
    public static readonly TimeSpan DefaultBounce = TimeSpan.FromMilliseconds(5);

    /// <summary>A 32.768 kHz watch crystal is specified to ±20 ppm at 25 °C; anything beyond ±1000 ppm is not one.</summary>
    public const double MaximumCrystalPpm = 1000;

    /// <summary>The pull-up resistor values a board file may give, in ohms.</summary>
    public const double MinimumPullUpOhms = 100, MaximumPullUpOhms = 1_000_000;

    /// <summary>Lowest MCU crystal accepted (the Atmel parts are static down to 0 Hz; below this nothing useful runs).</summary>
    public const long MinimumMcuCrystalHz = 1_000;

    /// <summary>
    /// Highest crystal each part is specified for (datasheets: AT89C51/AT89C52 0–24 MHz, AT89S52
    /// 0–33 MHz, STC89C52RC 0–40 MHz in 12T mode; the generic 8051/8052 take the fastest of them).
    /// </summary>
    public static long MaximumMcuCrystalHz(PartSpec part) => part.Name switch
    {
        "at89c51" or "at89c52" => 24_000_000,
        "at89s52" => 33_000_000,
        _ => 40_000_000,
    };

    /// <summary>The options each part kind takes, with what each accepts (for the error message).</summary>
    private static readonly Dictionary<PartKind, Dictionary<string, string>> Known = new()
    {
        [PartKind.Lcd] = [],
        [PartKind.Rtc] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["crystal"] = $"a frequency within ±{MaximumCrystalPpm} ppm of 32.768 kHz, optionally with an error in ppm (32.768kHz, 32768.5Hz, 32.768kHz+20ppm)",
            ["halted"] = "true or false: the oscillator halted (CH set) at first power-up",
            ["wp"] = "true or false: write protect set at first power-up",
        },
        [PartKind.Key] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["bounce"] = $"a duration from 0 to {MaximumBounce.TotalMilliseconds:0}ms (e.g. 5ms, 0 for a clean contact)",
        },
        [PartKind.Buzzer] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["active"] = "low or high: the level at which it sounds",
        },
        [PartKind.SerialBridge] = [],
        [PartKind.Thermometer] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["temperature"] = "a temperature in °C from -55C to 125C (e.g. temperature=22.5C)",
            ["serial"] = "a 48-bit number, decimal or 0x... (at most 0xFFFFFFFFFFFF)",
        },
    };

    /// <summary>Refuses an option the kind does not take, or a value out of its range; the message names option and value.</summary>
    public static void Check(PartKind kind, string kindName, string option, string value, Func<string, BoardFormatException> error)
    {
        var known = Known[kind];
        if (!known.TryGetValue(option, out var accepted))
        {
            throw error(known.Count == 0
                ? $"unknown option '{option}' for {kindName}: it takes no options"
                : $"unknown option '{option}' for {kindName} (options: {string.Join(", ", known.Keys)})");
        }
        bool valid = option.ToLowerInvariant() switch
        {
            "crystal" => ParseWatchCrystal(value) is not null,
            "halted" or "wp" => ParseBoolean(value) is not null,
            "bounce" => ParseBounce(value) is not null,
            "active" => value is "low" or "high",
            "temperature" => ThermometerOptions.ParseCelsius(value) is not null,
            "serial" => ThermometerOptions.ParseSerial(value) is not null,
            _ => false,
        };
        if (!valid) throw error($"{option}={value}: expected {accepted}");
    }

    /// <summary>The key's bounce= option, else <see cref="DefaultBounce"/>.</summary>
    public static TimeSpan KeyBounce(BoardPart part) =>
        part.Options.TryGetValue("bounce", out var text) ? ParseBounce(text)!.Value : DefaultBounce;

    /// <summary>Whether the buzzer's active= option says high (the default is low).</summary>
    public static bool BuzzerActiveHigh(BoardPart part) => part.Option("active", "low") == "high";

    /// <summary><paramref name="options"/> with what the board file says about the DS1302 (crystal, first power-up CH and WP).</summary>
    public static Ds1302Options Rtc(BoardPart part, Ds1302Options options)
    {
        if (part.Options.TryGetValue("crystal", out var crystal)) options = options with { CrystalHz = ParseWatchCrystal(crystal)!.Value };
        if (part.Options.TryGetValue("halted", out var halted)) options = options with { FirstPowerClockHalted = ParseBoolean(halted)!.Value };
        if (part.Options.TryGetValue("wp", out var wp)) options = options with { FirstPowerWriteProtected = ParseBoolean(wp)!.Value };
        return options;
    }

    /// <summary>Bounce as "5ms", "1.5ms" or a bare "0", within 0 … <see cref="MaximumBounce"/>; null otherwise.</summary>
    public static TimeSpan? ParseBounce(string text)
    {
        string number = text == "0" ? text : text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? text[..^2] : "";
        return number.Length is > 0 and <= 12
               && decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal milliseconds)
               && milliseconds <= (decimal)MaximumBounce.TotalMilliseconds
            ? TimeSpan.FromMilliseconds((double)milliseconds)
            : null;
    }

    /// <summary>
    /// A watch crystal: a frequency ("32.768kHz", "32768.5Hz") with an optional error
    /// ("32.768kHz+20ppm", "32768Hz-35.5ppm"), within ±<see cref="MaximumCrystalPpm"/> ppm of 32 768 Hz.
    /// </summary>
    public static double? ParseWatchCrystal(string text)
    {
        double ppm = 0;
        int sign = text.LastIndexOfAny(['+', '-']);
        if (text.EndsWith("ppm", StringComparison.OrdinalIgnoreCase))
        {
            if (sign <= 0) return null;
            if (!decimal.TryParse(text[(sign + 1)..^3], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal error)) return null;
            ppm = (double)error * (text[sign] == '-' ? -1 : 1);
            text = text[..sign];
        }
        if (ParseHertz(text) is not { } hertz) return null;
        double frequency = (double)hertz * (1 + ppm / 1e6);
        double offset = (frequency / Ds1302.NominalCrystalHz - 1) * 1e6;
        return Math.Abs(offset) <= MaximumCrystalPpm ? frequency : null;
    }

    /// <summary>A frequency with unit Hz, kHz or MHz (no sign, no exponent); null when malformed or too large to be one.</summary>
    public static decimal? ParseHertz(string text)
    {
        decimal scale = 1;
        string number = text;
        if (text.EndsWith("MHz", StringComparison.OrdinalIgnoreCase)) { scale = 1_000_000; number = text[..^3]; }
        else if (text.EndsWith("kHz", StringComparison.OrdinalIgnoreCase)) { scale = 1_000; number = text[..^3]; }
        else if (text.EndsWith("Hz", StringComparison.OrdinalIgnoreCase)) { number = text[..^2]; }
        else return null;
        if (number.Length is 0 or > 20
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value)
            || value <= 0)
            return null;
        return value * scale;
    }

    /// <summary>
    /// The MCU crystal in Hz, or why not: malformed, or outside what <paramref name="part"/> is
    /// specified for (<see cref="MinimumMcuCrystalHz"/> … <see cref="MaximumMcuCrystalHz"/>).
    /// </summary>
    public static long ParseMcuCrystal(PartSpec part, string text, Func<string, BoardFormatException> error)
    {
        var hertz = ParseHertz(text) ?? throw error($"'{text}' is not a frequency (e.g. 12MHz, 11.0592MHz)");
        long maximum = MaximumMcuCrystalHz(part);
        if (hertz < MinimumMcuCrystalHz || hertz > maximum)
            throw error($"crystal {text} is out of range for a {part.Name}: {MinimumMcuCrystalHz / 1000} kHz to {maximum / 1_000_000} MHz");
        if (hertz != decimal.Round(hertz))
            throw error($"crystal {text} is not a whole number of Hz");
        return (long)hertz;
    }

    /// <summary>A resistance such as 10k, 4.7k, 4k7, 1M or 470 (ohms), within 100 Ω … 1 MΩ; null otherwise.</summary>
    public static double? ParsePullUpOhms(string text)
    {
        if (text.EndsWith('Ω') || text.EndsWith("R", StringComparison.OrdinalIgnoreCase)) text = text[..^1];
        decimal scale = 1;
        string number = text;
        int unit = text.IndexOfAny(['k', 'K', 'M']);
        if (unit >= 0)
        {
            scale = text[unit] == 'M' ? 1_000_000 : 1_000;
            // 4k7 is 4.7k.
            number = unit == text.Length - 1 ? text[..unit] : text[..unit] + "." + text[(unit + 1)..];
        }
        if (number.Length is 0 or > 12 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            return null;
        double ohms = (double)(value * scale);
        return ohms is >= MinimumPullUpOhms and <= MaximumPullUpOhms ? ohms : null;
    }

    private static bool? ParseBoolean(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };
}
