using static Calendar51.Tests.CliCapture;
using Calendar51.Host;
using Calendar51.Tests.Emulate;

namespace Calendar51.Tests.CommandLine;

/// <summary>
/// Issue 9 §3: inputs found by trying that ended in a stack trace, a hang or the wrong exit code. Each
/// must end in one line that names the file, line or option, with the exit code the README documents.
/// </summary>
public class BadInputTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-bad-input-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private static string Firmware => Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");

    /// <summary>emulate in a child process: should the check be missing, the session would run, so it is killed after a timeout.</summary>
    private static (int Exit, string Err) RunEmulate(params string[] args)
    {
        using var child = EmulatorProcess.StartEmulate([Firmware, .. args]);
        int exit = child.WaitForExit(TimeSpan.FromSeconds(10));
        return (exit, child.Errors);
    }

    private static void AssertOneLine(string error, params string[] mentions)
    {
        Assert.That(error, Does.Not.Contain("   at "), "a stack trace");
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
        foreach (var mention in mentions) Assert.That(error, Does.Contain(mention));
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    // 1. Durations beyond what a TimeSpan (or a decimal) holds threw OverflowException.
    [TestCase("delay: 99999999999999999999999d", 3)]
    [TestCase("delay: 99999999999999999999999999999999999999d", 3)]
    [TestCase("wait-lcd: {line: 1, text: x, timeout: 99999999999999999999999d}", 3)]
    [TestCase("press: {key: K1, for: 99999999999999999999999d}", 3)]
    [TestCase("wait-serial: {match: x, timeout: 99999999999999999999999d}", 3)]
    public void OverflowingDurationsAreRefusedWithTheirLine(string step, int line)
    {
        string scenario = Write("long.yaml", $"steps:\n  - power-on\n  - {step}\n");
        var (exit, _, error) = Run("scenario", scenario);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, $"long.yaml:{line}:", "not a duration");
    }

    [Test]
    public void AnOverflowingPowerCycleOffTimeIsRefused()
    {
        string scenario = Write("off.yaml", "steps:\n  - power-on\n  - power-cycle: {off: 99999999999999999999999d}\n");
        var (exit, _, error) = Run("scenario", scenario);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, "off.yaml:3:", "power-cycle off");
    }

    // 2. subsecond >= 32768 passed the parser and threw ArgumentException in the DS1302.
    [Test]
    public void ABatterySubsecondOfAFullSecondIsRefusedAtItsLine()
    {
        string ram = string.Join(' ', Enumerable.Repeat("00", 31));
        string battery = Write("battery.txt", $"# Calendar51 DS1302 battery v1\nclock = 00 00 00 01 01 01 24 00\ntrickle = 00\nram = {ram}\nsubsecond = 32768\n");
        var (exit, error) = RunEmulate("--battery", battery);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, "battery.txt:5:", "subsecond");
    }

    // 3. A directory as a board threw UnauthorizedAccessException.
    [Test]
    public void ADirectoryAsABoardIsNamedAsADirectory()
    {
        var (exit, _, error) = Run("run", "--board", directory, Firmware);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, directory, "is a directory");
        (exit, _, error) = Run("board-diagram", directory);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, directory, "is a directory");
    }

    // 4. --out at a file or an unwritable place threw from DirectoryInfo.Create.
    [Test]
    public void BoardDiagramOutThatCannotBeADirectoryIsABadOption()
    {
        string file = Write("not-a-directory", "x");
        var (exit, _, error) = Run("board-diagram", "prechin-a2", "--out", file);
        Assert.That(exit, Is.EqualTo(1));
        AssertOneLine(error, "--out", file);
        // /proc refuses new directories even to root.
        (exit, _, error) = Run("board-diagram", "prechin-a2", "--out", "/proc/calendar51-no-such-dir");
        Assert.That(exit, Is.EqualTo(1));
        AssertOneLine(error, "--out", "/proc/calendar51-no-such-dir");
    }

    // 5. Endless or huge inputs were read whole: memory grew past 2.6 GB. A child process, so that a
    // regression is killed after the timeout instead of filling the test host's memory.
    [TestCase("run", "{0}")]
    [TestCase("disasm", "{0}")]
    [TestCase("scenario", "{0}")]
    [TestCase("run", "--board", "{0}", "FIRMWARE")]
    public void EndlessInputIsRefusedAfterABoundedRead(params string[] template)
    {
        foreach (var device in new[] { "/dev/zero", "/dev/urandom" })
        {
            var args = template.Select(a => a == "FIRMWARE" ? Firmware : string.Format(a, device)).ToArray();
            using var child = EmulatorProcess.StartCommand(args);
            Assert.That(child.WaitForExit(TimeSpan.FromSeconds(10)), Is.EqualTo(2));
            AssertOneLine(child.Errors, device, "too big");
        }
    }

    // 6. A directory as a file, or a missing port, was reported as "Access denied".
    [Test]
    public void ADirectoryOrAMissingFileIsNotCalledAccessDenied()
    {
        var (exit, _, error) = Run("run", directory);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, directory, "is a directory");
        (exit, _, error) = Run("scenario", directory);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, directory, "is a directory");
        (exit, _, error) = Run("time", "--port", "/dev/calendar51-no-such-port");
        Assert.That(exit, Is.EqualTo(1));
        AssertOneLine(error, "/dev/calendar51-no-such-port", "no such device");
        Assert.That(error, Does.Not.Contain("denied"));
        (exit, _, error) = Run("sync-time", "--port", directory);
        Assert.That(exit, Is.EqualTo(1));
        AssertOneLine(error, directory, "is a directory");
    }

    // 7. Bad option values and a battery that could only fail when quitting.
    [Test]
    public void BadRunOptionsExitOneAsTheReadmeSays()
    {
        var (exit, _, error) = Run("run", "--max-cycles", "-1", Firmware);
        Assert.That(exit, Is.EqualTo(1));
        AssertOneLine(error, "--max-cycles");
        (exit, _, error) = Run("run", "--until-pc", "zz", Firmware);
        Assert.That(exit, Is.EqualTo(1));
        AssertOneLine(error, "--until-pc");
    }

    [Test]
    public void AnUnwritableBatteryIsRefusedBeforeTheSessionStarts()
    {
        var (exit, error) = RunEmulate("--battery", directory);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, "--battery", "is a directory");
        string missingFolder = Path.Combine(directory, "no-such-folder", "battery.txt");
        (exit, error) = RunEmulate("--battery", missingFolder);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, "--battery", missingFolder);
        Assert.That(Directory.GetFileSystemEntries(directory), Is.Empty, "the check leaves nothing behind");
    }

    // 8. A scenario saved as GBK or Latin-1 became U+FFFD and failed at the step that used it.
    [Test]
    public void AScenarioThatIsNotUtf8IsRefusedAtLoadWithTheByte()
    {
        string path = Path.Combine(directory, "gbk.yaml");
        // "中" in GBK is D6 D0; the first byte sits at offset 54 on line 4.
        byte[] head = "steps:\n  - power-on\n  - delay: 1s\n  - expect-lcd: {line: 1, text: \""u8.ToArray();
        File.WriteAllBytes(path, [.. head, 0xD6, 0xD0, .. "\"}\n"u8.ToArray()]);
        var (exit, _, error) = Run("scenario", path);
        Assert.That(exit, Is.EqualTo(2));
        AssertOneLine(error, "gbk.yaml:4:", $"byte {head.Length} (0xD6)", "UTF-8");
    }

    // 9. flash went on with the STC protocol past options it does not know (--programmer is known
    // since the Arduino-as-ISP programmer came, but not with the value x).
    [TestCase("--programmer", "x")]
    [TestCase("--no-such-option")]
    public void FlashRefusesUnknownOptions(params string[] extra)
    {
        var (exit, output, error) = Run(["flash", Firmware, "--port", "/dev/calendar51-no-such-port", .. extra]);
        Assert.That(exit, Is.EqualTo(3));
        Assert.That(error, Does.Contain(extra[^1]));
        Assert.That(error, Does.Not.Contain("serial port"), "it must stop before opening the port");
        Assert.That(output, Is.Empty);
    }
}

/// <summary>Issue 9 §6: `calendar51 --help` is a list of commands, one line each.</summary>
public class TopLevelHelpTests
{
    [Test]
    public void EveryCommandIsOneLineAndEmulatesFileIsOptional()
    {
        var stdout = new StringWriter();
        Assert.That(Cli.Run(["--help"], stdout, new StringWriter()), Is.Zero);
        var commands = stdout.ToString().Split("Commands:")[1].Split("Options:")[0]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(commands, Has.Length.EqualTo(9), stdout.ToString());
        Assert.That(commands, Has.One.StartsWith("emulate [<file>] "));
        Assert.That(commands, Has.All.Length.LessThan(150), "one short line per command");
        Assert.That(stdout.ToString(), Does.Not.Contain("Exit codes"));
        foreach (var command in new[] { "run", "disasm", "flash", "sync-time", "time", "scenario", "board-diagram", "emulate", "debug-adapter" })
        {
            var help = new StringWriter();
            Cli.Run([command, "--help"], help, new StringWriter());
            Assert.That(help.ToString(), Does.Contain("Exit codes"), command);
        }
    }
}
