using Calendar51.Host;
using Calendar51.Emulator.Scenarios;

namespace Calendar51.Tests.Scenarios;

/// <summary>
/// The scenario runner end to end through <c>Cli.Run</c> on tests/board-programs/tick_clock.c (a
/// 10 ms-tick clock that idles between interrupts), and the parser's file:line errors.
/// </summary>
public class ScenarioTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-scenario-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Output, string Error) Scenario(string path, params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Run(["scenario", path, "--hex", TestPrograms.Hex("tick_clock"), .. extra], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private const string EveryStepKind = """
        name: every step kind on the stand-in clock
        board: prechin-a2
        steps:
          - set-time: 2028-02-28T23:59:55
          - expect-ds1302: {time: 2028-02-28T23:59:55, halted: false}
          - power-on
          - wait-lcd: {line: 1, text: "2028-02-28   B=1", timeout: 2s}
          - delay: 6s
          - expect-lcd: {line: 1, match: "^2028-02-29"}
          - expect-ds1302: {time: 2028-02-29T00:00:01, ram: {0: 1}}
          - write-serial: "T?\r\n"
          - wait-serial: {match: "T=00:00:0\\d\r\n", timeout: 1s}
          - press: {key: K3, for: 100ms}
          - wait-lcd: {line: 2, match: "K=1"}
          - hold: K4
          - delay: 50ms
          - expect-buzzer: on
          - release: K4
          - delay: 50ms
          - expect-buzzer: off
          - power-cycle: {off: 1h}
          - wait-lcd: {line: 1, match: "B=2"}
          - wait-lcd: {line: 2, match: "^01:00:0\\d"}
          - expect-ds1302: {ram: {0: 0x02}}
          - screenshot: shots/lcd.png
          - expect-no-violations
        """;

    [Test]
    public void EveryStepKindPassesWithExitZeroAndPrintsEachStep()
    {
        var (exit, output, error) = Scenario(Write("all.yaml", EveryStepKind));
        Assert.That(exit, Is.EqualTo(0), output + error);
        int stepLines = output.Split('\n').Count(line => line.StartsWith("ok   ", StringComparison.Ordinal));
        Assert.That(stepLines, Is.EqualTo(23), output);
        Assert.That(output, Does.Contain("all.yaml:13  press: {key: K3, for: 100ms}"));
        Assert.That(output, Does.Contain("PASS 23 steps"));
        byte[] png = File.ReadAllBytes(Path.Combine(directory, "shots", "lcd.png"));
        Assert.That(png.AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public void HaltedDs1302StaysHaltedUntilTheProgramStartsIt()
    {
        // The stand-in, like the firmware, sets 2025-01-01 00:00:00 when it finds CH set.
        var (exit, output, _) = Scenario(Write("halted.yaml", """
            steps:
              - set-time: {time: 2030-06-01T12:00:00, halted: true}
              - expect-ds1302: {halted: true}
              - power-on
              - delay: 2500ms
              - expect-ds1302: {halted: false, time: 2025-01-01T00:00:02}
              - expect-lcd: {line: 1, text: "2025-01-01   B=1"}
            """));
        Assert.That(exit, Is.EqualTo(0), output);
    }

    [Test]
    public void FailingStepExitsOneWithLocationExpectedActualAndLcd()
    {
        var (exit, output, _) = Scenario(Write("fail.yaml", """
            steps:
              - set-time: 2027-02-28T23:59:58
              - power-on
              - delay: 3s
              - expect-lcd: {line: 1, text: "2027-02-29   B=1"}
              - delay: 1s
            """));
        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL " + Path.Combine(directory, "fail.yaml") + ":5: expect-lcd: line 1 \"2027-02-29   B=1\""));
        Assert.That(output, Does.Contain("expected: line 1 \"2027-02-29   B=1\""));
        Assert.That(output, Does.Contain("actual:   line 1 \"2027-03-01   B=1\""));
        Assert.That(output, Does.Contain("|2027-03-01   B=1|"));
        Assert.That(output, Does.Match(@"\|00:00:0\d     K=0\|"));
        Assert.That(output, Does.Not.Contain(":6  delay"), "no step runs after the failure");
    }

    [Test]
    public void WaitsTimeOutInVirtualTime()
    {
        var (exit, output, _) = Scenario(Write("timeout.yaml", """
            steps:
              - power-on
              - delay: 300ms
              - write-serial: "X?\r\n"
              - wait-serial: {match: "^T=", timeout: 300ms}
            """));
        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("actual:   received \"ERR\\r\\n\""));
        Assert.That(output, Does.Contain("[t=0:00:00.600]"));

        (exit, output, _) = Scenario(Write("lcd-timeout.yaml", """
            steps:
              - power-on
              - wait-lcd: {line: 2, text: "never", timeout: 2s}
            """));
        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("within 2s"));
    }

    [TestCase("name: x\nsteps:\n  - power-on\ncolour: red\n", 4, "unknown key 'colour' in top level")]
    [TestCase("steps:\n  - power-on\n  - press: {key: K3, fro: 1s}\n", 3, "unknown key 'fro' in press")]
    [TestCase("steps:\n  - power-on\n  - delay: 5 parsecs\n", 3, "'5 parsecs' is not a duration")]
    [TestCase("steps:\n  - power-on\n  - delay: 500\n", 3, "'500' is not a duration")]
    [TestCase("steps:\n  - power-on\n  - wait-serial: {match: \"T=(\"}\n", 3, "bad regular expression")]
    [TestCase("steps:\n  - power-on\n  - expect-lcd: {line: 3, text: x}\n", 3, "line: '3' is not 1 or 2")]
    [TestCase("steps:\n  - power-on\n  - expect-lcd: {line: 1}\n", 3, "exactly one of 'text'")]
    [TestCase("steps:\n  - power-on\n  - teleport: now\n", 3, "unknown step 'teleport'")]
    [TestCase("steps:\n  - delay: 1s\n  - power-on\n", 2, "delay needs the board on")]
    [TestCase("steps:\n  - power-on\n  - power-on\n", 3, "power-on again")]
    [TestCase("steps:\n  - set-time: 2100-01-01T00:00:00\n", 2, "is not a date-time")]
    [TestCase("steps:\n  - power-on\n  - expect-ds1302: {ram: {31: 0}}\n", 3, "ram address '31' is not 0–30")]
    [TestCase("steps:\n  - power-on\n  - expect-buzzer: loud\n", 3, "neither on nor off")]
    [TestCase("steps:\n  - power-on\n  - delay: [1s]\n", 3, "expected a single value")]
    [TestCase("steps: [power-on\n", 2, "not valid YAML")]
    [TestCase("name: only a name\n", 1, "missing 'steps'")]
    [TestCase("steps:\n  - set-temperature: hot\n", 2, "set-temperature: 'hot' is not a temperature in °C from -55 to 125 (e.g. 23.5) or none")]
    [TestCase("steps:\n  - set-temperature: 125.5\n", 2, "'125.5' is not a temperature")]
    [TestCase("steps:\n  - set-temperature: 23.5C\n", 2, "'23.5C' is not a temperature")]
    [TestCase("steps:\n  - set-temperature: {sensor: temp}\n", 2, "set-temperature: missing 'value'")]
    [TestCase("steps:\n  - set-temperature: {value: 1, where: x}\n", 2, "unknown key 'where' in set-temperature")]
    public void BadFilesFailToLoadWithFileAndLine(string text, int line, string message)
    {
        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(text, "bad.yaml"))!;
        Assert.That(error.Message, Does.StartWith($"bad.yaml:{line}: "));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void BadFilesExitTwoWithFileAndLine()
    {
        string unknownKey = Write("k9.yaml", "steps:\n  - power-on\n  - delay: 1s\n  - press: {key: K9, for: 100ms}\n");
        var (exit, _, error) = Scenario(unknownKey);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.StartWith($"{unknownKey}:4: board prechin-a2 has no key 'K9' (keys: K1, K2, K3, K4)"));

        string badDuration = Write("duration.yaml", "steps:\n  - power-on\n  - delay: soon\n");
        (exit, _, error) = Scenario(badDuration);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.StartWith($"{badDuration}:3: delay: 'soon' is not a duration"));

        string missing = Path.Combine(directory, "missing.yaml");
        (exit, _, error) = Scenario(missing);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.StartWith($"{missing}: no such file"));
    }

    [Test]
    public void SetTemperatureNamesASensorTheBoardHas()
    {
        string unknown = Write("sensor.yaml", "steps:\n  - set-temperature: {sensor: outside, value: 3}\n  - power-on\n");
        var (exit, _, error) = Scenario(unknown);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.StartWith($"{unknown}:2: board prechin-a2 has no DS18B20 'outside' (DS18B20s: temp)"));

        string named = Write("named.yaml", "steps:\n  - set-temperature: {sensor: temp, value: -3.25}\n  - power-on\n  - set-temperature: none\n  - delay: 10ms\n");
        (exit, var output, error) = Scenario(named);
        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(output, Does.Contain("set-temperature: {sensor: temp, value: -3.25}").And.Contain("set-temperature: none"));
    }

    [Test]
    public void BadHexExitsTwoWithItsFileAndLine()
    {
        string scenario = Write("ok.yaml", "steps:\n  - power-on\n");
        string hex = Write("bad.hex", ":020000000102FB\n:0000000BAD\n");
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Run(["scenario", scenario, "--hex", hex], output, error);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.StartWith($"{hex}:"));
    }

    [Test]
    public void HexAndBoardFromTheScenarioFileAreRelativeToIt()
    {
        File.Copy(TestPrograms.Hex("tick_clock"), Path.Combine(directory, "clock.hex"));
        string scenario = Write("relative.yaml", "board: prechin-a2\nhex: clock.hex\nsteps:\n  - power-on\n  - wait-lcd: {line: 1, match: \"B=1\"}\n");
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Run(["scenario", scenario], output, error);
        Assert.That(exit, Is.EqualTo(0), output.ToString() + error);
        Assert.That(output.ToString(), Does.Contain(Path.Combine(directory, "clock.hex")));
    }

    [TestCase("500ms", 5_000_000L)]
    [TestCase("2s", 20_000_000L)]
    [TestCase("1h", 36_000_000_000L)]
    [TestCase("1.5m", 900_000_000L)]
    [TestCase("10min", 6_000_000_000L)]
    [TestCase("250us", 2_500L)]
    public void DurationsParse(string text, long ticks) =>
        Assert.That(ScenarioValues.ParseDuration(text), Is.EqualTo(TimeSpan.FromTicks(ticks)));
}
