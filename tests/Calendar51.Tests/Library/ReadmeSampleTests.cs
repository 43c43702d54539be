using Calendar51.Emulator;

namespace Calendar51.Tests.Library;

/// <summary>The sample test of README.md ("Testing your own firmware"), word for word: it must keep working.</summary>
public class ReadmeSampleTests
{
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

        string dateLine = board.LcdLines()[0];
        board.Press("K4");                                              // 100 ms, contacts bouncing: the info page
        Assert.That(board.RunUntil(b => b.LcdLines()[0] != dateLine, TimeSpan.FromSeconds(1)), Is.True);
    }
    // README sample ends
}
