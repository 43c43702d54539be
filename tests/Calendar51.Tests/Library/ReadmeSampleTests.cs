using Calendar51.Emulator;

namespace Calendar51.Tests.Library;

/// <summary>
/// The sample test of README.md ("Testing your own firmware") and of the library package's README, word
/// for word: it must keep working, and the READMEs must keep showing it.
/// </summary>
public class ReadmeSampleTests
{
    [TestCase("README.md")]
    [TestCase("emulator/Calendar51.Emulator/README.md")]
    public void TheReadmeShowsThisSampleWordForWord(string readme)
    {
        var source = File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "tests", "Calendar51.Tests", "Library", "ReadmeSampleTests.cs"));
        int begin = Array.FindIndex(source, line => line.Trim() == "// README sample begins");
        int end = Array.FindIndex(source, line => line.Trim() == "// README sample ends");
        var sample = source[(begin + 1)..end].Select(line => line.Length >= 4 ? line[4..] : line.TrimStart());

        string text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, readme)).ReplaceLineEndings("\n");

        Assert.That(text, Does.Contain(string.Join("\n", sample)), $"{readme} must show the sample of {nameof(ReadmeSampleTests)} as it is");
    }

    // README sample begins
    [Test]
    public void TheClockRollsOverMidnight()
    {
        var board = BoardUnderTest.LoadBundledFirmware("prechin-a2");  // or BoardUnderTest.Load("my.hex", "my.board")
        board.SetDs1302(new DateTime(2025, 4, 28, 23, 59, 58));        // as the battery kept it
        board.Run(TimeSpan.FromSeconds(3));                             // virtual time: no waiting

        Assert.That(board.Ds1302Time, Is.EqualTo(new DateTime(2025, 4, 29, 0, 0, 1)));
        Assert.That(board.Ds1302Registers()[0], Is.EqualTo(0x01));     // seconds in BCD, clock running
        Assert.That(board.LcdLines()[0], Does.StartWith("2025-04-29 Tue"));

        board.Press("K4");                                              // 100 ms, contacts bouncing: next view
        Assert.That(board.RunUntil(b => b.LcdLines()[1].EndsWith('C'), TimeSpan.FromSeconds(1)), Is.True); // the temperature
    }
    // README sample ends
}
