using System.Globalization;
using System.Text;

namespace Calendar51.Emulator.Chips;

/// <summary>
/// What a DS1302's coin cell keeps between runs: the clock and control registers, the trickle
/// register, the 31 RAM bytes and how far the oscillator is into the current second. Stored as a
/// small text file so users can read it:
/// <code>
/// # Calendar51 DS1302 battery v1
/// clock = 58 59 23 10 02 06 24 80
/// trickle = 00
/// ram = 00 00 … (31 bytes)
/// subsecond = 12345
/// </code>
/// </summary>
public sealed record Ds1302Battery(byte[] ClockRegisters, byte Trickle, byte[] Ram, long SubsecondTicks)
{
    /// <summary>The first line of a battery file.</summary>
    public const string Header = "# Calendar51 DS1302 battery v1";

    /// <summary><c>subsecond</c> counts ticks of the DS1302's 32.768 kHz crystal, so it stays below this.</summary>
    public const long TicksPerSecond = 32_768;

    /// <summary>The state as battery file text.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("clock = ").Append(HexBytes(ClockRegisters)).Append('\n');
        text.Append("trickle = ").Append(Trickle.ToString("X2", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("ram = ").Append(HexBytes(Ram)).Append('\n');
        text.Append("subsecond = ").Append(SubsecondTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes the battery file.</summary>
    public void Save(string path) => File.WriteAllText(path, Format());

    /// <summary>Reads a battery file written by <see cref="Save"/>; a malformed one is refused with a message naming the file and line.</summary>
    public static Ds1302Battery Load(string path)
    {
        string text;
        try
        {
            text = InputFile.ReadText(path, InputFile.MaxTextBytes, "a DS1302 battery file");
        }
        catch (InputFileException e)
        {
            throw new FormatException(e.Message, e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses <see cref="Format"/>'s output; errors name <paramref name="source"/> and the line.</summary>
    public static Ds1302Battery Parse(string text, string source)
    {
        string[] lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
            throw new FormatException($"{source}:1: not a DS1302 battery file (expected first line \"{Header}\")");

        byte[]? clock = null, ram = null;
        byte? trickle = null;
        long? subsecond = null;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r').Trim();
            int lineNumber = i + 1;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int equals = line.IndexOf('=');
            if (equals < 0) throw new FormatException($"{source}:{lineNumber}: expected \"key = value\", got \"{line}\"");
            string key = line[..equals].Trim();
            string value = line[(equals + 1)..].Trim();
            switch (key)
            {
                case "clock":
                    clock = ParseBytes(value, Ds1302.ClockRegisterCount, source, lineNumber, key);
                    break;
                case "trickle":
                    trickle = ParseBytes(value, 1, source, lineNumber, key)[0];
                    break;
                case "ram":
                    ram = ParseBytes(value, Ds1302.RamSize, source, lineNumber, key);
                    break;
                case "subsecond":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) || ticks >= TicksPerSecond)
                        throw new FormatException($"{source}:{lineNumber}: subsecond must be 0–{TicksPerSecond - 1} (ticks of the 32.768 kHz crystal), got \"{value}\"");
                    subsecond = ticks;
                    break;
                default:
                    throw new FormatException($"{source}:{lineNumber}: unknown key \"{key}\"");
            }
        }
        return new Ds1302Battery(
            clock ?? throw Missing(source, "clock"),
            trickle ?? throw Missing(source, "trickle"),
            ram ?? throw Missing(source, "ram"),
            subsecond ?? throw Missing(source, "subsecond"));
    }

    private static string HexBytes(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    private static FormatException Missing(string source, string key) => new($"{source}: missing \"{key} = …\" line");

    private static byte[] ParseBytes(string value, int count, string source, int lineNumber, string key)
    {
        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != count)
            throw new FormatException($"{source}:{lineNumber}: {key} needs {count} hex byte(s), got {parts.Length}");
        var bytes = new byte[count];
        for (int i = 0; i < count; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                throw new FormatException($"{source}:{lineNumber}: {key} byte {i + 1} \"{parts[i]}\" is not a two-digit hex byte");
        }
        return bytes;
    }
}
