using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Board;

/// <summary>A board file that cannot be used; the message names the file and line.</summary>
public sealed class BoardFormatException(string fileName, int line, string problem)
    : FormatException($"{fileName}:{line}: {problem}")
{
    /// <summary>The board file as named to the loader.</summary>
    public string FileName { get; } = fileName;
    /// <summary>The 1-based line of the problem.</summary>
    public int LineNumber { get; } = line;
    /// <summary>What is wrong, without the file and line.</summary>
    public string Problem { get; } = problem;
}

/// <summary>
/// Reads the line-oriented board format of schematics/*.board:
/// <code>
/// board prechin-a2 "Prechin A2 / HC6800"
/// mcu stc89c52rc 12MHz
/// floating high
/// part lcd lcd1602
/// part K1 key bounce=5ms
/// part temp ds18b20 temperature=22.5C
/// pullup P0.0-P0.7 10k
/// wire P2.6 lcd.RS
/// </code>
/// '#' starts a comment. Every problem is reported with file and line; nothing is half-loaded.
/// </summary>
public static class BoardFile
{
    /// <summary>The file name extension of board files.</summary>
    public const string Extension = ".board";

    private static readonly Dictionary<string, PartKind> KindNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lcd1602"] = PartKind.Lcd,
        ["hd44780"] = PartKind.Lcd,
        ["ds1302"] = PartKind.Rtc,
        ["key"] = PartKind.Key,
        ["buzzer"] = PartKind.Buzzer,
        ["serial"] = PartKind.SerialBridge,
        ["ds18b20"] = PartKind.Thermometer,
    };

    /// <summary>Reads and parses a board file.</summary>
    /// <exception cref="BoardFormatException">The file is malformed (the message names file and line).</exception>
    /// <exception cref="InputFileException">The file is missing, a directory, unreadable, not UTF-8 or absurdly large.</exception>
    public static BoardDescription Load(string path) => Parse(InputFile.ReadText(path, InputFile.MaxTextBytes, "a board file"), path);

    /// <summary>Parses board file text; <paramref name="fileName"/> is only used in messages.</summary>
    /// <exception cref="BoardFormatException">The text is malformed (the message names file and line).</exception>
    public static BoardDescription Parse(string text, string fileName)
    {
        string? name = null, title = null;
        PartSpec? mcu = null;
        long crystal = 0;
        bool floatingHigh = true;
        var parts = new List<BoardPart>();
        var wires = new List<BoardWire>();
        var pullUps = new List<BoardPullUp>();
        var powerOn = PowerOnSpec.Default;
        var lines = text.Split('\n');

        for (int index = 0; index < lines.Length; index++)
        {
            int lineNumber = index + 1;
            string line = lines[index];
            int comment = line.IndexOf('#');
            if (comment >= 0) line = line[..comment];
            var words = Tokenize(line, fileName, lineNumber);
            if (words.Count == 0) continue;
            BoardFormatException Error(string problem) => new(fileName, lineNumber, problem);

            switch (words[0])
            {
                case "board":
                    if (words.Count is < 2 or > 3) throw Error("expected: board NAME \"Title\"");
                    if (name is not null) throw Error("the board is named twice");
                    name = words[1];
                    title = words.Count == 3 ? words[2] : words[1];
                    break;
                case "mcu":
                    if (words.Count != 3) throw Error("expected: mcu PART CRYSTAL (e.g. mcu stc89c52rc 12MHz)");
                    if (!PartSpec.TryGet(words[1], out var spec))
                        throw Error($"unknown MCU part '{words[1]}' (known: {string.Join(", ", PartSpec.All.Select(p => p.Name))})");
                    mcu = spec;
                    crystal = PartOptions.ParseMcuCrystal(spec, words[2], Error);
                    break;
                case "floating":
                    if (words.Count != 2 || words[1] is not ("high" or "low")) throw Error("expected: floating high|low");
                    floatingHigh = words[1] == "high";
                    break;
                case "part":
                {
                    if (words.Count < 3) throw Error("expected: part NAME KIND [option=value ...]");
                    if (!KindNames.TryGetValue(words[2], out var kind))
                        throw Error($"unknown part kind '{words[2]}' (known: {string.Join(", ", KindNames.Keys)})");
                    if (parts.Any(p => p.Name == words[1]))
                        throw Error($"part '{words[1]}' is listed twice (first on line {parts.First(p => p.Name == words[1]).Line})");
                    var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var option in words.Skip(3))
                    {
                        int equals = option.IndexOf('=');
                        if (equals <= 0) throw Error($"option '{option}' is not key=value");
                        string key = option[..equals], value = option[(equals + 1)..];
                        PartOptions.Check(kind, words[2], key, value, Error);
                        if (!options.TryAdd(key, value)) throw Error($"option '{key}' is given twice");
                    }
                    parts.Add(new BoardPart(words[1], kind, options, lineNumber));
                    break;
                }
                case "pullup":
                    if (words.Count != 3) throw Error("expected: pullup PIN[-PIN] VALUE (e.g. pullup P0.0-P0.7 10k)");
                    if (PartOptions.ParsePullUpOhms(words[2]) is null)
                        throw Error($"pull-up '{words[2]}' is not a resistance from {PartOptions.MinimumPullUpOhms:0} Ω to 1 MΩ (e.g. 10k, 4.7k, 4k7)");
                    foreach (var pin in ParsePinRange(words[1], Error))
                    {
                        if (pullUps.FirstOrDefault(p => p.Pin == pin) is { } earlier)
                            throw Error($"{pin} already has a pull-up (line {earlier.Line})");
                        pullUps.Add(new BoardPullUp(pin, words[2], lineNumber));
                    }
                    break;
                case "wire":
                {
                    if (words.Count != 3) throw Error("expected: wire PIN PART.PIN (e.g. wire P2.6 lcd.RS)");
                    if (!McuPin.TryParse(words[1], out var pin)) throw Error($"unknown MCU pin '{words[1]}' (P0.0 … P3.7)");
                    int dot = words[2].IndexOf('.');
                    if (dot <= 0) throw Error($"'{words[2]}' is not PART.PIN");
                    string partName = words[2][..dot], partPin = words[2][(dot + 1)..];
                    var part = parts.FirstOrDefault(p => p.Name == partName)
                               ?? throw Error($"unknown part '{partName}' (declare it with a part line first)");
                    var pins = BoardPart.PinsOf(part.Kind);
                    if (!pins.Contains(partPin)) throw Error($"{partName} has no pin '{partPin}' (pins: {string.Join(", ", pins)})");
                    if (wires.FirstOrDefault(w => w.Part == partName && w.PartPin == partPin) is { } twice)
                        throw Error($"{partName}.{partPin} is wired twice (to {twice.Pin} on line {twice.Line}, and to {pin})");
                    wires.Add(new BoardWire(pin, partName, partPin, lineNumber));
                    break;
                }
                case var statement when PowerOnSpec.IsStatement(statement):
                    powerOn = powerOn.Apply(words, lineNumber, Error);
                    break;
                default:
                    throw Error($"unknown statement '{words[0]}' (board, mcu, floating, part, pullup, wire, vcc, reset, oscillator, isp)");
            }
        }

        int lastLine = Math.Max(1, lines.Length);
        if (name is null) throw new BoardFormatException(fileName, lastLine, "no 'board NAME' line");
        if (mcu is null) throw new BoardFormatException(fileName, lastLine, "no 'mcu PART CRYSTAL' line");
        foreach (var part in parts)
        {
            foreach (var required in RequiredPins(part.Kind))
            {
                if (!wires.Any(w => w.Part == part.Name && w.PartPin == required))
                    throw new BoardFormatException(fileName, part.Line, $"{part.Name}.{required} is not wired");
            }
        }
        if (powerOn.Isp is IspBootloaderKind.Classic or IspBootloaderKind.Bsl7 && !mcu.HasStcSfrs)
            throw new BoardFormatException(fileName, powerOn.IspLine, $"the {mcu.Name} has no STC ISP bootloader (only stc89c52rc has)");
        return new BoardDescription(name, title!, mcu, crystal, floatingHigh, parts, wires, pullUps, fileName) { PowerOn = powerOn };
    }

    private static IEnumerable<string> RequiredPins(PartKind kind) => kind switch
    {
        PartKind.Lcd => ["RS", "E", "DB4", "DB5", "DB6", "DB7"],
        PartKind.Rtc => ["CE", "SCLK", "IO"],
        PartKind.Key => ["A"],
        PartKind.Buzzer => ["IN"],
        PartKind.Thermometer => ["DQ"],
        _ => [],
    };

    private static List<McuPin> ParsePinRange(string text, Func<string, BoardFormatException> error)
    {
        int dash = text.IndexOf('-');
        string first = dash < 0 ? text : text[..dash], last = dash < 0 ? text : text[(dash + 1)..];
        if (!McuPin.TryParse(first, out var from)) throw error($"unknown MCU pin '{first}' (P0.0 … P3.7)");
        if (!McuPin.TryParse(last, out var to)) throw error($"unknown MCU pin '{last}' (P0.0 … P3.7)");
        if (from.Port != to.Port || to.Bit < from.Bit) throw error($"'{text}' is not a range within one port");
        return Enumerable.Range(from.Bit, to.Bit - from.Bit + 1).Select(bit => new McuPin(from.Port, bit)).ToList();
    }

    private static List<string> Tokenize(string line, string fileName, int lineNumber)
    {
        var words = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i])) { i++; continue; }
            if (line[i] == '"')
            {
                int close = line.IndexOf('"', i + 1);
                if (close < 0) throw new BoardFormatException(fileName, lineNumber, "unterminated quoted text");
                words.Add(line[(i + 1)..close]);
                i = close + 1;
                continue;
            }
            int start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            words.Add(line[start..i]);
        }
        return words;
    }
}
