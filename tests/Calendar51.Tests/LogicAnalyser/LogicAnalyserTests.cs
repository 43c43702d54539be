using System.Text.RegularExpressions;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.LogicAnalyser;
using Calendar51.Host;

namespace Calendar51.Tests.LogicAnalyser;

/// <summary>
/// The logic analyser end to end: <c>--vcd</c> files of the clock firmware read back by sigrok (not our
/// reader), <c>--decode</c> showing the firmware's DS1302 and LCD traffic, <c>--signals</c>, the
/// scenario step <c>record-vcd</c>, and the one-line errors with their exit codes.
/// </summary>
public class LogicAnalyserTests
{
    private const int NanosecondsPerMachineCycle = 1000; // 12 MHz: one machine cycle is 1000 ns, so 1 µs samples miss no edge
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-vcd-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private static string ClockFirmware
    {
        get
        {
            string path = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
            Assert.That(File.Exists(path), Is.True, $"{path} is missing: build the firmware (make -C firmware)");
            return path;
        }
    }

    private static (int Exit, string Output, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Calendar51.Host.Cli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<string> DecodedLines(string output, string source) =>
        output.Split('\n').Where(line => Regex.IsMatch(line, $@"^\s+\d+\.\d{{6}} s  pc [0-9A-F]{{4}}  {Regex.Escape(source)}\s")).ToList();

    [Test]
    public void AVcdOfTheClockFirmwaresFirstSecondOpensInSigrokAndShowsTheDs1302AndLcdStrobes()
    {
        string vcd = Path.Combine(directory, "first-second.vcd");
        var (exit, output, error) = Cli("run", ClockFirmware, "--board", "prechin-a2", "--max-cycles", "1000000", "--vcd", vcd, "--decode");
        Assert.That(exit, Is.Zero, error);

        var dump = SigrokVcd.Read(vcd, downsample: NanosecondsPerMachineCycle);
        Assert.That(dump.Channels, Is.EqualTo(WireSignals.Of(BoardCatalog.Load("prechin-a2")).Select(s => s.Name)),
            "every wired pin, named after the board file");
        Assert.That(dump.SampleRate, Is.EqualTo(1_000_000), "a 1 ns timescale sampled every 1000 ns");
        Assert.That(dump.SampleCount, Is.EqualTo(1_000_000), "one second of samples, from #0 to the run's end");

        // Each completed LCD transfer ends with an E fall (8-bit bus) and each DS1302 transfer with a CE
        // fall: the strobes sigrok finds in the file, at the microsecond, are the transfers the chip
        // models decoded, at the time --decode printed for them.
        var lcdTransfers = DecodedLines(output, "lcd");
        var rtcTransfers = DecodedLines(output, "rtc");
        Assert.That(lcdTransfers, Has.Count.GreaterThan(100));
        Assert.That(rtcTransfers, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(dump.Edges("lcd.E", from: true), Is.EqualTo(Microseconds(lcdTransfers)), "E falls");
        // One CE fall more: the firmware's port initialisation takes CE low with nothing transferred.
        var ceFalls = dump.Edges("rtc.CE", from: true);
        Assert.That(ceFalls, Has.Count.EqualTo(rtcTransfers.Count + 1));
        Assert.That(ceFalls.Skip(1), Is.EqualTo(Microseconds(rtcTransfers)), "CE falls");
        Assert.That(dump.Edges("rtc.CE", from: false), Has.Count.EqualTo(rtcTransfers.Count), "CE rises");
        Assert.That(dump.Edges("rtc.SCLK", from: false).Count, Is.GreaterThanOrEqualTo(8 * rtcTransfers.Count), "SCLK rises: at least a command byte per window");
        Assert.That(dump.Edges("rtc.IO", from: true).Count, Is.GreaterThan(0));
        Assert.That(dump.Edges("K1.A", from: true).Count, Is.Zero, "no key was pressed");
    }

    /// <summary>The time printed at the start of each decoded line, in whole microseconds.</summary>
    private static List<long> Microseconds(IEnumerable<string> lines) =>
        lines.Select(line => (long)Math.Round(double.Parse(line.TrimStart().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1e6)).ToList();

    [Test]
    public void DecodeShowsTheClockReadingTheDs1302TimeAndWritingBothLcdLines()
    {
        string scenario = Write("decode.yaml", """
            steps:
              - set-time: 2028-02-28T23:59:55
              - power-on
              - delay: 550ms
              - expect-lcd: {line: 1, text: "2028-02-28 Mon"}
              - expect-lcd: {line: 2, match: "^23:59:55 "}
              - write-serial: "T?\r\n"
              - wait-serial: {match: "T=2028-02-28 23:59:5\\d 1\r\n"}
            """);
        var (exit, output, error) = Cli("scenario", scenario, "--hex", ClockFirmware, "--decode");
        Assert.That(exit, Is.Zero, output + error);

        // The firmware reads the clock registers in one burst: seconds, minutes, hour, date, month, day, year in BCD.
        Assert.That(DecodedLines(output, "rtc"), Has.Some.Match(@"pc [0-9A-F]{4}  rtc  burst read clock \(BF\): 55 59 23 28 02 01 28"));

        // Both LCD lines, rebuilt from nothing but the decoded DDRAM writes, show what the LCD shows.
        var ddram = new Dictionary<int, char>();
        var lcd = DecodedLines(output, "lcd");
        foreach (var line in lcd)
        {
            var write = Regex.Match(line, @"write '(.)' to DDRAM 0x([0-9A-F]{2})$");
            if (write.Success) ddram[Convert.ToInt32(write.Groups[2].Value, 16)] = write.Groups[1].Value[0];
        }
        string Line(int start) => new(Enumerable.Range(start, 16).Select(address => ddram.GetValueOrDefault(address, '?')).ToArray());
        Assert.That(Line(0x00).TrimEnd(), Is.EqualTo("2028-02-28 Mon"), string.Join("\n", lcd.Take(80)));
        Assert.That(Line(0x40), Does.StartWith("23:59:55 "));
        Assert.That(lcd, Has.Some.EndsWith("instruction C0: set DDRAM 0x40"));
        Assert.That(lcd, Has.Some.EndsWith("instruction 38: function set 8-bit 2 lines 5x8"));
        Assert.That(lcd, Has.Some.EndsWith("instruction 01: clear"));
        Assert.That(lcd, Has.Some.Match(@"busy flag read: 1 \(AC 0x[0-9A-F]{2}\)$"));

        // The UART in both directions: the command coming in, the reply going out.
        var uart = DecodedLines(output, "uart");
        Assert.That(string.Concat(uart.Where(l => l.Contains(" RX ")).Select(l => Regex.Match(l, "RX ([0-9A-F]{2})").Groups[1].Value)), Is.EqualTo("543F0D0A"));
        Assert.That(uart, Has.Some.EndsWith("uart TX 54 'T'"));
        Assert.That(uart, Has.Some.EndsWith(@"uart TX 0A '\n'"));
    }

    [Test]
    public void SignalsChoosesByNameOrPinWithGlobs()
    {
        string vcd = Path.Combine(directory, "chosen.vcd");
        var (exit, _, error) = Cli("run", ClockFirmware, "--board", "prechin-a2", "--max-cycles", "200000", "--vcd", vcd, "--signals", "lcd.E,rtc.*,P1.5");
        Assert.That(exit, Is.Zero, error);
        var dump = SigrokVcd.Read(vcd, downsample: NanosecondsPerMachineCycle);
        Assert.That(dump.Channels, Is.EqualTo(new[] { "lcd.E", "rtc.IO", "rtc.CE", "rtc.SCLK", "buzzer.IN" }));
        Assert.That(dump.SampleCount, Is.EqualTo(200_000));
    }

    [Test]
    public void RunWithoutABoardRecordsTheBarePortsTimedAsTwelveMegahertz()
    {
        // MOV P1,#55h (2 cycles); CPL P1.0 (1 cycle); SJMP $
        string hex = Write("ports.hex", IntelHexRecord([0x75, 0x90, 0x55, 0xB2, 0x90, 0x80, 0xFE]) + "\n:00000001FF\n");
        string vcd = Path.Combine(directory, "bare.vcd");
        var (exit, _, error) = Cli("run", hex, "--vcd", vcd, "--signals", "P1.*");
        Assert.That(exit, Is.Zero, error);
        var dump = SigrokVcd.Read(vcd, downsample: NanosecondsPerMachineCycle);
        Assert.That(dump.Channels, Is.EqualTo(Enumerable.Range(0, 8).Select(bit => $"P1.{bit}")));
        Assert.That(dump.Edges("P1.1", from: true).Count, Is.EqualTo(1));
        Assert.That(dump.Edges("P1.2", from: true).Count, Is.Zero);
        Assert.That(dump.Edges("P1.0", from: true).Count, Is.EqualTo(1));
        // Identifiers: P1.0 is !, P1.1 ", P1.3 $, P1.5 &, P1.7 (. The MOV's write lands as it ends (cycle 2), the CPL's at cycle 3.
        Assert.That(File.ReadAllText(vcd), Does.Contain("\n#2000\n0\"\n0$\n0&\n0(\n#3000\n0!\n"));
    }

    private static string IntelHexRecord(byte[] data)
    {
        var record = new List<byte> { (byte)data.Length, 0, 0, 0 };
        record.AddRange(data);
        return ":" + Convert.ToHexString([.. record]) + ((byte)(-record.Sum(b => b) & 0xFF)).ToString("X2");
    }

    [TestCase("run")]
    [TestCase("emulate")]
    [TestCase("scenario")]
    public void AnUnknownSignalIsOneLineAndNoFile(string command)
    {
        string vcd = Path.Combine(directory, "never.vcd");
        string scenario = Write("s.yaml", "steps:\n  - power-on\n  - delay: 10ms\n");
        string[] head = command switch
        {
            "run" => ["run", ClockFirmware, "--board", "prechin-a2"],
            "emulate" => ["emulate", ClockFirmware],
            _ => ["scenario", scenario, "--hex", ClockFirmware],
        };
        var (exit, _, error) = Cli([.. head, "--vcd", vcd, "--signals", "lcd.E,lcd.Q*"]);
        Assert.That(exit, Is.EqualTo(command == "scenario" ? 2 : 1));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.StartWith("--signals: 'lcd.Q*' matches no signal (signals: lcd.DB0, "));
        Assert.That(File.Exists(vcd), Is.False);
    }

    [TestCase("run")]
    [TestCase("emulate")]
    [TestCase("scenario")]
    public void AnUnwritableVcdPathIsOneLineWithExitTwo(string command)
    {
        string vcd = Path.Combine(directory, "no-such-directory", "x.vcd");
        string scenario = Write("s.yaml", "steps:\n  - power-on\n  - delay: 10ms\n");
        string[] head = command switch
        {
            "run" => ["run", ClockFirmware, "--board", "prechin-a2", "--max-cycles", "1000"],
            "emulate" => ["emulate", ClockFirmware],
            _ => ["scenario", scenario, "--hex", ClockFirmware],
        };
        var (exit, _, error) = Cli([.. head, "--vcd", vcd]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.StartWith($"--vcd {vcd}: cannot write: "));
    }

    [TestCase("run")]
    [TestCase("scenario")]
    public void AVcdThatFillsUpMidRunIsOneLineWithExitTwo(string command)
    {
        // /dev/full opens for writing and fails the first flush with "no space left on device".
        string scenario = Write("s.yaml", "steps:\n  - power-on\n  - delay: 1s\n");
        string[] head = command == "run"
            ? ["run", ClockFirmware, "--board", "prechin-a2", "--max-cycles", "1000000"]
            : ["scenario", scenario, "--hex", ClockFirmware];
        var (exit, _, error) = Cli([.. head, "--vcd", "/dev/full"]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.StartWith("--vcd: cannot write: ").And.Contain("/dev/full"));
    }

    [Test]
    public void SignalsWithoutVcdIsABadCommandLine()
    {
        var (exit, _, error) = Cli("run", ClockFirmware, "--board", "prechin-a2", "--signals", "lcd.E");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.TrimEnd(), Is.EqualTo("--signals chooses what --vcd records: give --vcd FILE too"));
    }

    [Test]
    public void RecordVcdStepRecordsItsWindowAcrossTheStepsTime()
    {
        string scenario = Write("window.yaml", """
            steps:
              - set-time: 2028-02-28T23:59:55
              - power-on
              - delay: 900ms
              - record-vcd: {file: out/window.vcd, for: 300ms}
              - expect-lcd: {line: 2, match: "^23:59:56 "}
            """);
        var (exit, output, error) = Cli("scenario", scenario, "--hex", ClockFirmware);
        Assert.That(exit, Is.Zero, output + error);
        Assert.That(output, Does.Contain("window.yaml:5  record-vcd: {file: out/window.vcd, for: 300ms}"));
        string vcd = Path.Combine(directory, "out", "window.vcd");
        string text = File.ReadAllText(vcd);
        var times = Regex.Matches(text, @"^#(\d+)$", RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.That(times[0], Is.EqualTo(900_000_000), "the window starts where the step does, on the scenario's time line");
        Assert.That(times[^1], Is.EqualTo(1_200_000_000));
        var dump = SigrokVcd.Read(vcd, downsample: NanosecondsPerMachineCycle);
        Assert.That(dump.SampleCount, Is.EqualTo(1_200_000), "sigrok counts samples from time 0 to the window's end");
        Assert.That(dump.Edges("lcd.E", from: true).Count, Is.GreaterThan(30), "the firmware rewrote the screen for the new second");
        Assert.That(dump.Edges("rtc.CE", from: false).Count, Is.GreaterThan(0), "and read the DS1302");
    }

    [Test]
    public void EmulateRecordsUntilItQuits()
    {
        string vcd = Path.Combine(directory, "emulate.vcd");
        using (var emulator = Calendar51.Tests.Emulate.EmulatorProcess.StartEmulate(ClockFirmware, "--time", "2028-02-28T23:59:55", "--vcd", vcd, "--signals", "lcd.E,rtc.CE"))
        {
            emulator.WaitForOutput(@"lcd 1 \|2028-02-28 Mon", TimeSpan.FromSeconds(15));
            emulator.Send("q\n");
            Assert.That(emulator.WaitForExit(TimeSpan.FromSeconds(15)), Is.Zero, emulator.Errors);
        }
        var dump = SigrokVcd.Read(vcd, downsample: NanosecondsPerMachineCycle);
        Assert.That(dump.Channels, Is.EqualTo(new[] { "lcd.E", "rtc.CE" }));
        var eFalls = dump.Edges("lcd.E", from: true);
        Assert.That(eFalls, Has.Count.GreaterThan(32), "the first screen's two lines");
        Assert.That(dump.SampleCount, Is.GreaterThan(eFalls[^1]), "the dump runs on to the moment the emulator quit");
        Assert.That(dump.Edges("rtc.CE", from: false), Is.Not.Empty);
    }

    [Test]
    public void ARecordVcdWindowInsideAWholeRunVcdLeavesBothComplete()
    {
        string scenario = Write("both.yaml", """
            steps:
              - power-on
              - delay: 250ms
              - record-vcd: {file: window.vcd, for: 50ms}
              - delay: 100ms
            """);
        string whole = Path.Combine(directory, "whole.vcd");
        var (exit, output, error) = Cli("scenario", scenario, "--hex", ClockFirmware, "--vcd", whole, "--signals", "lcd.E");
        Assert.That(exit, Is.Zero, output + error);
        var wholeDump = SigrokVcd.Read(whole, downsample: NanosecondsPerMachineCycle);
        var windowDump = SigrokVcd.Read(Path.Combine(directory, "window.vcd"), downsample: NanosecondsPerMachineCycle);
        // prechin-a2's STC89 starts the firmware 236.7 ms after switch-on (reset network and ISP window).
        Assert.That(wholeDump.SampleCount, Is.EqualTo(400_000));
        Assert.That(windowDump.SampleCount, Is.EqualTo(300_000));
        var inWindow = wholeDump.Edges("lcd.E", from: true).Where(sample => sample is >= 250_000 and < 300_000).ToList();
        Assert.That(inWindow, Is.Not.Empty, "the LCD is initialised in the window");
        Assert.That(windowDump.Edges("lcd.E", from: true), Is.EqualTo(inWindow), "the window holds the same E falls as the whole run");
        Assert.That(wholeDump.Edges("lcd.E", from: true).Where(sample => sample >= 300_000), Is.Not.Empty, "and the whole run goes on recording after it");
    }

    [Test]
    public void RecordVcdNeedsAFileAndADuration()
    {
        string scenario = Write("bad.yaml", "steps:\n  - power-on\n  - record-vcd: {file: x.vcd}\n");
        var (exit, _, error) = Cli("scenario", scenario, "--hex", ClockFirmware);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.TrimEnd(), Is.EqualTo($"{scenario}:3: record-vcd: missing 'for'"));
    }

    [Test]
    public void AScenarioVcdContinuesAcrossAPowerCycle()
    {
        string scenario = Write("cycle.yaml", """
            steps:
              - power-on
              - delay: 450ms
              - power-cycle: {off: 1s}
              - delay: 450ms
            """);
        string vcd = Path.Combine(directory, "cycle.vcd");
        var (exit, output, error) = Cli("scenario", scenario, "--hex", ClockFirmware, "--vcd", vcd, "--signals", "lcd.E");
        Assert.That(exit, Is.Zero, output + error);
        var times = Regex.Matches(File.ReadAllText(vcd), @"^#(\d+)$", RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.That(times, Is.Ordered, "time never goes back");
        Assert.That(times[^1], Is.EqualTo(1_900_000_000), "450 ms on, 1 s off, 450 ms on");
        Assert.That(times.Count(t => t is > 450_000_000 and < 1_450_000_000), Is.Zero, "nothing happens while the board is off");
        Assert.That(times.Count(t => t > 1_450_000_000), Is.GreaterThan(10), "the LCD is initialised again after power-on");
    }
}
