namespace Calendar51.Host.Stc;

/// <summary>
/// The STC89 option byte MCS0 (one byte for both protocols). Bits whose name carries "~" are active low,
/// so "on" clears them. Names follow the behaviour, not the bit polarity.
/// </summary>
public sealed record Stc89OptionByte(byte Value)
{
    public static IReadOnlyDictionary<string, (int Bit, bool ActiveLow, string Meaning)> Options { get; } =
        new Dictionary<string, (int, bool, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["cpu-6t"] = (0, true, "6T (double-speed) core"),
            ["bsl-pindetect"] = (2, true, "bootloader runs only while P1.0 and P1.1 are low (can lock the board out of ISP)"),
            ["eeprom-erase"] = (3, true, "erase the EEPROM along with the code flash"),
            ["clock-gain"] = (4, false, "high oscillator gain"),
            ["ale"] = (5, false, "ALE pin output enabled"),
            ["xram"] = (6, false, "internal XRAM enabled"),
            ["watchdog-por"] = (7, true, "watchdog running after power-on"),
        };

    /// <summary>Options that can make the ISP bootloader unreachable; refused without --force.</summary>
    public static IReadOnlySet<string> LockoutRisks { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "bsl-pindetect" };

    public bool Get(string name)
    {
        var (bit, activeLow, _) = Options[name];
        var set = (Value & (1 << bit)) != 0;
        return set != activeLow;
    }

    public Stc89OptionByte With(string name, bool on)
    {
        var (bit, activeLow, _) = Options[name];
        var setBit = on != activeLow;
        var value = setBit ? Value | (1 << bit) : Value & ~(1 << bit);
        return new Stc89OptionByte((byte)value);
    }

    public string Describe() =>
        string.Join(", ", Options.Keys.Select(name => $"{name}={(Get(name) ? "on" : "off")}"));
}
