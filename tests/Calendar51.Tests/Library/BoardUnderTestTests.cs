using Calendar51.Emulator;
using Calendar51.Emulator.Board;

namespace Calendar51.Tests.Library;

/// <summary>The library's facade for users' own tests, on the bundled clock firmware.</summary>
public class BoardUnderTestTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-facade-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private static string Firmware => FirmwareImage.DefaultPath() ?? throw new AssertionException("no bundled firmware");

    [Test]
    public void ABoardFileByPathIsWiredLikeTheNamedBoard()
    {
        var board = BoardUnderTest.Load(Firmware, RepositoryFiles.BoardFilePath("prechin-a2"));
        board.SetDs1302(new DateTime(2030, 6, 1, 12, 0, 0));
        board.Run(TimeSpan.FromSeconds(1.5));

        Assert.That(board.Board.Description.Name, Is.EqualTo("prechin-a2"));
        Assert.That(board.LcdLines()[0], Does.StartWith("2030-06-01 Sat"));
        Assert.That(board.KeyNames, Is.EquivalentTo(new[] { "K1", "K2", "K3", "K4" }));
    }

    [Test]
    public void AHaltedDs1302KeepsItsTimeAndTheRamSurvivesAPowerCycle()
    {
        var board = BoardUnderTest.LoadBundledFirmware();
        board.SetDs1302(new DateTime(2026, 1, 2, 3, 4, 5), halted: true);
        Assert.That(board.Ds1302Halted, Is.True);
        Assert.That(board.Ds1302Registers()[0], Is.EqualTo(0x85), "CH set over 05 seconds");

        board.Run(TimeSpan.FromSeconds(2));
        var ram = board.Ds1302Ram();
        board.PowerCycle(TimeSpan.FromHours(1));

        Assert.That(board.Ds1302Ram(), Is.EqualTo(ram));
        Assert.That(board.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void HoldingK2RepeatsUntilReleased()
    {
        var board = BoardUnderTest.LoadBundledFirmware();
        board.SetDs1302(new DateTime(2025, 4, 28, 10, 0, 0));
        board.Run(TimeSpan.FromSeconds(1));
        board.Press("K1");                                   // setting mode: the year first
        board.Run(TimeSpan.FromMilliseconds(200));
        board.Hold("K2");
        board.Run(TimeSpan.FromSeconds(3));
        board.Release("K2");
        board.Run(TimeSpan.FromMilliseconds(200));

        Assert.That(board.LcdLines()[0], Does.Not.StartWith("2025").And.StartWith("20"), "the year counted up while K2 was held");
    }

    [Test]
    public void UnknownKeysAndBoardsAreNamed()
    {
        var board = BoardUnderTest.LoadBundledFirmware();

        Assert.That(() => board.Press("K9"), Throws.ArgumentException.With.Message.Contains("K9").And.Message.Contains("K1"));
        Assert.That(() => BoardUnderTest.Load(Firmware, "no-such-board"), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("prechin-a2"));
    }

    [Test]
    public void AScenarioFileRunsAndItsFailureNamesTheStep()
    {
        string passing = Path.Combine(directory, "ok.yaml");
        File.WriteAllText(passing, """
            steps:
              - set-time: 2025-04-28T23:59:58
              - power-on
              - delay: 3s
              - expect-lcd: {line: 1, match: "^2025-04-29"}
            """);
        string failing = Path.Combine(directory, "bad.yaml");
        File.WriteAllText(failing, """
            steps:
              - set-time: 2025-04-28T23:59:58
              - power-on
              - delay: 3s
              - expect-lcd: {line: 1, match: "^1999"}
            """);

        var ok = BoardUnderTest.RunScenario(passing);
        var bad = BoardUnderTest.RunScenario(failing, hexPath: Firmware, board: "prechin-a2");

        Assert.That(ok.Passed, Is.True, ok.ToString());
        Assert.That(ok.StepsPassed, Is.EqualTo(4));
        Assert.That(bad.Passed, Is.False);
        Assert.That(bad.FailedStep, Does.StartWith(failing + ":5"));
        Assert.That(bad.ToString(), Does.Contain("expected").And.Contain("|2025-04-29"));
    }
}
