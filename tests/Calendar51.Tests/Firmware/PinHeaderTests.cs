using System.Globalization;
using System.Text.RegularExpressions;
using Calendar51.Emulator.Board;

namespace Calendar51.Tests.Firmware;

/// <summary>
/// firmware/boards/&lt;board&gt;.h against schematics/&lt;board&gt;.board (issue 4: one pin header per board,
/// consistent with the board files): name, crystal, LCD RS/RW/E and data port, DS1302 IO/CE/SCLK, the
/// buzzer pin and its active level, the four keys (direct pins or the kst-51 matrix rows and column)
/// and which keys sit on TXD/RXD. Every SBIT in a header must be one of the pins checked here.
/// </summary>
[TestFixture]
public partial class PinHeaderTests
{
    /// <summary>Header pin names and the board-file part pin they drive.</summary>
    private static readonly Dictionary<string, (string Part, string Pin)> DirectPins = new()
    {
        ["LCD_RS"] = ("lcd", "RS"),
        ["LCD_RW"] = ("lcd", "RW"),
        ["LCD_E"] = ("lcd", "E"),
        ["DS_IO"] = ("rtc", "IO"),
        ["DS_CE"] = ("rtc", "CE"),
        ["DS_SCLK"] = ("rtc", "SCLK"),
        ["BUZZER_PIN"] = ("buzzer", "IN"),
        ["KEY_SET_PIN"] = ("K1", "A"),
        ["KEY_UP_PIN"] = ("K2", "A"),
        ["KEY_DOWN_PIN"] = ("K3", "A"),
        ["KEY_VIEW_PIN"] = ("K4", "A"),
        ["DQ_PIN"] = ("temp", "DQ"),
    };

    /// <summary>keys.h codes and the board's key parts (K1 set, K2 up, K3 down, K4 view).</summary>
    private static readonly Dictionary<string, string> KeyParts = new()
    {
        ["KEY_SET"] = "K1", ["KEY_UP"] = "K2", ["KEY_DOWN"] = "K3", ["KEY_VIEW"] = "K4",
    };

    private static readonly McuPin Rxd = new(3, 0);
    private static readonly McuPin Txd = new(3, 1);

    public static IEnumerable<string> Boards()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Calendar51.sln")))
                return Directory.GetFiles(Path.Combine(dir.FullName, "schematics"), "*" + BoardFile.Extension)
                    .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;
        }
        return [];   // no cases: NUnit fails the test
    }

    [GeneratedRegex(@"^\s*SBIT\(\s*(\w+)\s*,\s*PORT(\d)\s*,\s*(\d)\s*\)", RegexOptions.Multiline)]
    private static partial Regex SbitLine();

    [GeneratedRegex(@"^#define[ \t]+(\w+(?:\(\))?)[ \t]+(.+?)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DefineLine();

    [GeneratedRegex(@"P2\s*=\s*0x([0-9A-Fa-f]{2});\s*NOP\(\);\s*if\s*\(!(\w+)\)\s*code\s*=\s*(KEY_\w+);")]
    private static partial Regex MatrixRowScan();

    private sealed record Header(string Path, Dictionary<string, McuPin> Pins, Dictionary<string, string> Defines, string Text);

    private static Header ReadHeader(string board)
    {
        string path = Path.Combine(FirmwareTools.FirmwareDirectory(), "boards", board + ".h");
        Assert.That(File.Exists(path), Is.True, $"no pin header {path} for schematics/{board}.board");
        string text = File.ReadAllText(path);
        var pins = new Dictionary<string, McuPin>();
        foreach (Match m in SbitLine().Matches(text))
            pins.Add(m.Groups[1].Value, new McuPin(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        var defines = new Dictionary<string, string>();
        foreach (Match m in DefineLine().Matches(text))
            defines[m.Groups[1].Value] = m.Groups[2].Value;
        return new Header(path, pins, defines, text);
    }

    private static BoardDescription ReadBoard(string board) =>
        BoardFile.Load(Path.Combine(FirmwareTools.RepositoryRoot(), "schematics", board + BoardFile.Extension));

    [Test]
    public void EveryHeaderHasABoardFile()
    {
        var headers = Directory.GetFiles(Path.Combine(FirmwareTools.FirmwareDirectory(), "boards"), "*.h")
            .Select(Path.GetFileNameWithoutExtension);
        Assert.That(headers, Is.EquivalentTo(Boards()));
    }

    [TestCaseSource(nameof(Boards))]
    public void NameAndCrystalMatch(string board)
    {
        var header = ReadHeader(board);
        var description = ReadBoard(board);
        Assert.That(header.Defines["BOARD_NAME"], Is.EqualTo($"\"{description.Name}\""), header.Path);
        Assert.That(header.Defines["BOARD_CRYSTAL_HZ"], Is.EqualTo($"{description.CrystalHz}UL"), header.Path);
        Assert.That(header.Defines["BOARD_CRYSTAL_TEXT"], Is.EqualTo($"\"{description.CrystalHz}\""), header.Path);
    }

    [TestCaseSource(nameof(Boards))]
    public void LcdDataPortMatches(string board)
    {
        var header = ReadHeader(board);
        var description = ReadBoard(board);
        var port = Regex.Match(header.Defines["LCD_DATA"], @"^P(\d)$");
        Assert.That(port.Success, Is.True, $"{header.Path}: LCD_DATA is '{header.Defines["LCD_DATA"]}', expected a port P0-P3");
        int portNumber = int.Parse(port.Groups[1].Value, CultureInfo.InvariantCulture);
        for (int bit = 0; bit < 8; bit++)
            Assert.That(description.PinOf("lcd", $"DB{bit}"), Is.EqualTo(new McuPin(portNumber, bit)), $"{header.Path}: lcd.DB{bit}");
    }

    [TestCaseSource(nameof(Boards))]
    public void EverySbitIsWiredToItsPart(string board)
    {
        var header = ReadHeader(board);
        var description = ReadBoard(board);
        foreach (var (name, pin) in header.Pins)
        {
            if (name == "KEY_IN_4") continue;   // the matrix column, checked with the rows
            Assert.That(DirectPins.ContainsKey(name), Is.True, $"{header.Path}: SBIT {name} is not a pin this test knows how to check");
            var (part, partPin) = DirectPins[name];
            Assert.That(description.PinOf(part, partPin), Is.EqualTo(pin), $"{header.Path}: {name} = {pin}, {description.SourceFile}: {part}.{partPin}");
        }
        foreach (var (name, (part, partPin)) in DirectPins.Where(p => !p.Key.StartsWith("KEY_", StringComparison.Ordinal)))
            Assert.That(header.Pins.ContainsKey(name), Is.True, $"{header.Path}: no SBIT for {name} ({part}.{partPin})");
    }

    [TestCaseSource(nameof(Boards))]
    public void BuzzerActiveLevelMatches(string board)
    {
        var header = ReadHeader(board);
        var buzzer = ReadBoard(board).Part("buzzer");
        Assert.That(buzzer, Is.Not.Null, $"schematics/{board}.board has no buzzer");
        string level = buzzer!.Option("active", "high") == "low" ? "0" : "1";
        Assert.That(header.Defines["BUZZER_ON()"], Is.EqualTo($"(BUZZER_PIN = {level})"), header.Path);
    }

    [TestCaseSource(nameof(Boards))]
    public void KeysMatch(string board)
    {
        var header = ReadHeader(board);
        var description = ReadBoard(board);
        if (header.Pins.TryGetValue("KEY_IN_4", out var column))
        {
            // Matrix: each scan drives one P2 row low and reads the column; the key joins row (A) and column (B).
            var scans = MatrixRowScan().Matches(header.Text);
            Assert.That(scans, Has.Count.EqualTo(4), $"{header.Path}: expected four row scans in BOARD_SCAN_KEYS");
            foreach (Match scan in scans)
            {
                int driven = Convert.ToInt32(scan.Groups[1].Value, 16);
                int lowBits = ~driven & 0xFF;
                Assert.That(lowBits != 0 && (lowBits & (lowBits - 1)) == 0, Is.True, $"{header.Path}: P2 = 0x{driven:X2} drives not exactly one row low");
                var row = new McuPin(2, System.Numerics.BitOperations.Log2((uint)lowBits));
                Assert.That(scan.Groups[2].Value, Is.EqualTo("KEY_IN_4"), header.Path);
                string key = KeyParts[scan.Groups[3].Value];
                Assert.That(description.PinOf(key, "A"), Is.EqualTo(row), $"{header.Path}: {scan.Groups[3].Value} on row {row}");
                Assert.That(description.PinOf(key, "B"), Is.EqualTo(column), $"{header.Path}: {scan.Groups[3].Value} on column {column}");
            }
        }
        else
        {
            foreach (var name in new[] { "KEY_SET_PIN", "KEY_UP_PIN", "KEY_DOWN_PIN", "KEY_VIEW_PIN" })
                Assert.That(header.Pins.ContainsKey(name), Is.True, $"{header.Path}: no SBIT for {name}");
        }
        string KeyOn(McuPin pin)
        {
            var key = KeyParts.FirstOrDefault(k => description.PinOf(k.Value, "A") == pin || description.PinOf(k.Value, "B") == pin);
            return key.Key ?? "0xFF";
        }
        Assert.That(header.Defines["BOARD_KEY_ON_TXD"], Is.EqualTo(KeyOn(Txd)), $"{header.Path}: the key on TXD (P3.1)");
        Assert.That(header.Defines["BOARD_KEY_ON_RXD"], Is.EqualTo(KeyOn(Rxd)), $"{header.Path}: the key on RXD (P3.0)");
    }
}
