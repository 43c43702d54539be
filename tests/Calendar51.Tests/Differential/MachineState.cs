using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Calendar51.Tests.Differential;

/// <summary>
/// The final state of a run in the shape of `calendar51 run --dump-state`:
/// part, machine cycles, PC, on-chip RAM, SFRs by datasheet name, on-chip XRAM.
/// </summary>
public sealed record MachineState(
    string Part,
    long Cycles,
    int Pc,
    byte[] Iram,
    IReadOnlyDictionary<string, int> Sfr,
    byte[] Xram)
{
    public static MachineState FromJson(string json, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var sfr = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var property in root.GetProperty("sfr").EnumerateObject())
            {
                sfr[property.Name] = property.Value.GetInt32();
            }
            return new MachineState(
                root.GetProperty("part").GetString() ?? throw new FormatException("\"part\" is null"),
                root.GetProperty("cycles").GetInt64(),
                root.GetProperty("pc").GetInt32(),
                Convert.FromHexString(root.GetProperty("iram").GetString() ?? ""),
                sfr,
                Convert.FromHexString(root.GetProperty("xram").GetString() ?? ""));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new FormatException($"{origin}: not a valid --dump-state object ({e.Message}): {Abbreviate(json)}", e);
        }
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("part", Part);
            writer.WriteNumber("cycles", Cycles);
            writer.WriteNumber("pc", Pc);
            writer.WriteString("iram", Convert.ToHexStringLower(Iram));
            writer.WriteStartObject("sfr");
            foreach (var (name, value) in Sfr)
            {
                writer.WriteNumber(name, value);
            }
            writer.WriteEndObject();
            writer.WriteString("xram", Convert.ToHexStringLower(Xram));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Every field where <paramref name="actual"/> differs from this (expected) state, one line each.
    /// SFRs are compared for the names in <paramref name="comparedSfrs"/> only; a name missing on
    /// either side is itself a difference.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(MachineState actual, IEnumerable<string> comparedSfrs)
    {
        var differences = new List<string>();
        if (!string.Equals(Part, actual.Part, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add($"part: expected {Part}, actual {actual.Part}");
        }
        if (Cycles != actual.Cycles)
        {
            differences.Add($"cycles: expected {Cycles}, actual {actual.Cycles} (diff {actual.Cycles - Cycles:+#;-#;0})");
        }
        if (Pc != actual.Pc)
        {
            differences.Add($"pc: expected 0x{Pc:X4}, actual 0x{actual.Pc:X4}");
        }
        CompareBytes("iram", Iram, actual.Iram, differences);
        foreach (var name in comparedSfrs)
        {
            var hasExpected = Sfr.TryGetValue(name, out var expected);
            var hasActual = actual.Sfr.TryGetValue(name, out var value);
            if (!hasExpected || !hasActual)
            {
                differences.Add($"sfr {name}: {(hasExpected ? "" : "missing in expected ")}{(hasActual ? "" : "missing in actual")}");
            }
            else if (expected != value)
            {
                differences.Add($"sfr {name}: expected 0x{expected:X2} ({Bits(expected)}), actual 0x{value:X2} ({Bits(value)})");
            }
        }
        CompareBytes("xram", Xram, actual.Xram, differences);
        return differences;
    }

    private static void CompareBytes(string field, byte[] expected, byte[] actual, List<string> differences)
    {
        if (expected.Length != actual.Length)
        {
            differences.Add($"{field}: expected {expected.Length} bytes, actual {actual.Length} bytes");
        }
        var common = Math.Min(expected.Length, actual.Length);
        for (var address = 0; address < common; address++)
        {
            if (expected[address] != actual[address])
            {
                differences.Add($"{field}[0x{address:X2}]: expected 0x{expected[address]:X2}, actual 0x{actual[address]:X2}");
            }
        }
    }

    private static string Bits(int value) => Convert.ToString(value, 2).PadLeft(8, '0');

    private static string Abbreviate(string text) =>
        text.Length <= 300 ? text : text[..300].ToString(CultureInfo.InvariantCulture) + "...";
}
