using System.Text.Json.Nodes;
using Calendar51.Emulator;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Scenarios;
using Calendar51.Host.Debugging;
using Calendar51.Host.Emulation;
using static Calendar51.Tests.CliCapture;

namespace Calendar51.Tests.CommandLine;

/// <summary>
/// Issue 14: translation on by default, <c>--engine interpreter</c> to compare. Wherever a command or
/// the library builds a board, its core runs the engine asked for, and keeps it across power cycles.
/// </summary>
public class EngineChoiceTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-engine-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private static string Firmware => FirmwareImage.DefaultPath() ?? throw new AssertionException("no bundled firmware");

    /// <summary>A short scenario on the stand-in clock that replaces its board once.</summary>
    private string PowerCyclingScenario()
    {
        string path = Path.Combine(directory, "cycle.yaml");
        File.WriteAllText(path, """
            steps:
              - set-time: 2028-02-28T23:59:55
              - power-on
              - delay: 300ms
              - power-cycle: {off: 1s}
              - delay: 300ms
            """);
        return path;
    }

    [Test]
    public void APowerCycledBoardKeepsItsEngine()
    {
        var board = new VirtualBoard(BoardCatalog.Load("prechin-a2"));
        board.Cpu.Engine = ExecutionEngine.Interpreter;

        Assert.That(board.PowerCycle(TimeSpan.FromSeconds(1)).Cpu.Engine, Is.EqualTo(ExecutionEngine.Interpreter));
    }

    [Test]
    public void BoardUnderTestRunsTheEngineAskedForAcrossPowerCycles()
    {
        Assert.That(BoardUnderTest.LoadBundledFirmware().Board.Cpu.Engine, Is.EqualTo(ExecutionEngine.Translator), "the default");
        Assert.That(BoardUnderTest.Load(Firmware, "kst-51", ExecutionEngine.Interpreter).Board.Cpu.Engine, Is.EqualTo(ExecutionEngine.Interpreter));

        var board = BoardUnderTest.LoadBundledFirmware(engine: ExecutionEngine.Interpreter);
        board.Run(TimeSpan.FromMilliseconds(300));
        board.PowerCycle(TimeSpan.FromSeconds(1));
        Assert.That(board.Board.Cpu.Engine, Is.EqualTo(ExecutionEngine.Interpreter));
    }

    [Test]
    public void AScenarioRunnerRunsTheEngineAskedForAcrossPowerCycles()
    {
        var setup = ScenarioSetup.Load(PowerCyclingScenario(), TestPrograms.Hex("tick_clock"));
        Assert.That(setup.CreateRunner().Board.Cpu.Engine, Is.EqualTo(ExecutionEngine.Translator), "the default");

        var runner = setup.CreateRunner(ExecutionEngine.Interpreter);
        Assert.That(runner.Run(setup.Scenario), Is.Null);
        Assert.That(runner.Board.PowerCycles, Is.EqualTo(1));
        Assert.That(runner.Board.Cpu.Engine, Is.EqualTo(ExecutionEngine.Interpreter));
    }

    [TestCase(null, "translator")]
    [TestCase("translator", "translator")]
    [TestCase("interpreter", "interpreter")]
    public void TheScenarioCommandSaysWhichEngineTheCoreRanWith(string? asked, string ran)
    {
        string[] engine = asked is null ? [] : ["--engine", asked];
        var (exit, output, error) = Run(["scenario", PowerCyclingScenario(), "--hex", TestPrograms.Hex("tick_clock"), .. engine]);

        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(output, Does.Match($@"PASS 5 steps, t=\S+ virtual in [0-9.]+ s \({ran}\)"));
    }

    [Test]
    public void EmulateAndTheDebuggerBuildTheirBoardWithTheEngineAskedFor()
    {
        var options = new EmulationOptions(Firmware, "prechin-a2", new DateTime(2030, 1, 2, 3, 4, 5), EmulationSpeed.Max, null, ExecutionEngine.Interpreter);
        Assert.That(EmulationSetup.PowerOn(options, DateTime.Now, DateTime.UtcNow).Cpu.Engine, Is.EqualTo(ExecutionEngine.Interpreter));

        var launch = new JsonObject { ["program"] = Firmware, ["engine"] = "interpreter" };
        Assert.That(DebugLaunch.From(launch, DateTime.Now).Board.Cpu.Engine, Is.EqualTo(ExecutionEngine.Interpreter));
        Assert.That(DebugLaunch.From(new JsonObject { ["program"] = Firmware }, DateTime.Now).Board.Cpu.Engine, Is.EqualTo(ExecutionEngine.Translator));
        var bad = Assert.Throws<LaunchException>(() => DebugLaunch.From(new JsonObject { ["program"] = Firmware, ["engine"] = "jit" }, DateTime.Now));
        Assert.That(bad!.Message, Does.Contain("engine 'jit'"));
    }

    [Test]
    public void BothEnginesLeaveABareCoreInTheSameState()
    {
        string hex = TestPrograms.Hex("tick_clock");
        foreach (string[] compat in new[] { Array.Empty<string>(), ["--compat", "s51"] })
        {
            var translated = Run(["run", hex, "--max-cycles", "300000", "--dump-state", "--engine", "translator", .. compat]);
            var interpreted = Run(["run", hex, "--max-cycles", "300000", "--dump-state", "--engine", "interpreter", .. compat]);
            Assert.That(translated.Exit, Is.EqualTo(0), translated.Err);
            Assert.That(interpreted, Is.EqualTo(translated));
        }
    }

    // The commands' documented codes for a bad command line: run and emulate 1, scenario 2 (1 is a failed step).
    [TestCase("run", 1)]
    [TestCase("emulate", 1)]
    [TestCase("scenario", 2)]
    public void AnEngineThatIsNeitherIsABadCommandLine(string command, int expected)
    {
        string[] file = command == "emulate" ? [Firmware] : command == "run" ? [TestPrograms.Hex("tick_clock")] : [PowerCyclingScenario()];
        var (exit, output, error) = Run([command, .. file, "--engine", "jit"]);

        Assert.That(exit, Is.EqualTo(expected), output + error);
        Assert.That(error, Does.Contain("'jit'").And.Contain("translator").And.Contain("interpreter"));
        Assert.That(error, Does.Not.Contain("   at "), "a stack trace");
    }

    [Test]
    public void AnUnknownScenarioOptionIsBadInputNotAFailedStep()
    {
        var (exit, _, error) = Run(["scenario", PowerCyclingScenario(), "--bogus"]);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--bogus"));
    }

    [TestCase("run")]
    [TestCase("emulate")]
    [TestCase("scenario")]
    public void TheHelpNamesBothEngines(string command)
    {
        var (exit, output, _) = Run([command, "--help"]);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Contain("--engine <interpreter|translator>"));
    }
}
