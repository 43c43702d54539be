using System.Diagnostics;
using System.Text.RegularExpressions;
using Calendar51.Host;
using Calendar51.Tests.Flashing;

namespace Calendar51.Tests.ClockLink;

/// <summary>
/// `sync-time` and `time` over a real socat pty pair against <see cref="FakeClockResponder"/>, which can
/// misbehave on purpose; Emulate/ClockCommandsOnEmulatorTests runs them against the real firmware.
/// </summary>
[NonParallelizable]
public class ClockCommandPtyTests
{
    private static (int Exit, string Out, string Err, TimeSpan Took) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString(), watch.Elapsed);
    }

    [Test, CancelAfter(15_000)]
    public void SyncTimeSetsTheBoardAsThePcSecondTurns()
    {
        using var ptys = SocatPtyPair.Start();
        using var board = new FakeClockResponder(ptys.Second, TimeSpan.FromMinutes(-17.3));

        var (exit, output, error, _) = Run("sync-time", "--port", ptys.First, "--board", "kst-51");

        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(output, Does.Contain("Board: Calendar51 0.1.0 on fake-pty, crystal 11059200 Hz"));
        Assert.That(board.SetCommands, Has.Count.EqualTo(1));
        var (value, arrived) = board.SetCommands[0];
        Assert.That(value.Millisecond, Is.Zero);
        // The line ends on the wire as the PC's second turns; allow for pty and scheduling latency.
        Assert.That((arrived - value).TotalMilliseconds, Is.InRange(-30, 80), $"set {value:HH:mm:ss.fff}, arrived {arrived:HH:mm:ss.fff}");
        Assert.That(board.Offset.Duration(), Is.LessThan(TimeSpan.FromMilliseconds(100)));
        Assert.That(output, Does.Match(@"offset [+-]0\.0\d\d s"));
    }

    [Test, CancelAfter(15_000)]
    public void TimeReportsTheBoardsOffset()
    {
        using var ptys = SocatPtyPair.Start();
        using var board = new FakeClockResponder(ptys.Second, TimeSpan.FromSeconds(0.5));

        var (exit, output, error, _) = Run("time", "--port", ptys.First, "--baud", "4800");

        Assert.That(exit, Is.EqualTo(0), output + error);
        var offset = double.Parse(Regex.Match(output, @"board offset ([+-]\d+\.\d+) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(offset, Is.EqualTo(0.5).Within(0.08), output);
    }

    [Test, CancelAfter(20_000)]
    public void WatchPrintsOffsetsAndDrift()
    {
        using var ptys = SocatPtyPair.Start();
        using var board = new FakeClockResponder(ptys.Second, TimeSpan.FromSeconds(-1.25));

        var (exit, output, error, _) = Run("time", "--port", ptys.First, "--watch", "--samples", "2", "--interval", "2");

        Assert.That(exit, Is.EqualTo(0), output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("offset")).ToList();
        Assert.That(lines, Has.Count.EqualTo(2), output);
        Assert.That(lines[0], Does.Contain("offset -1.2"));
        Assert.That(lines[1], Does.Contain("ppm over 00:00:0"));
        // Over 2 s the drift is known only to thousands of ppm: say so.
        Assert.That(lines[1], Does.Match(@"drift [+-]\d+\.\d ± \d{3,}\.\d ppm"));
    }

    [TestCase(FakeClockResponder.Behaviour.Silent, "no answer to V? within 1 s (heard nothing); is the clock firmware running at 4800 baud? 12 MHz boards talk at 4800 baud, 11.0592 MHz ones at 9600")]
    [TestCase(FakeClockResponder.Behaviour.Chatter, "bytes but no complete line")]
    [TestCase(FakeClockResponder.Behaviour.RefuseSet, "the board refused T=")]
    [CancelAfter(15_000)]
    public void BrokenBoardsFailWithExitOneInBoundedTime(FakeClockResponder.Behaviour behaviour, string message)
    {
        using var ptys = SocatPtyPair.Start();
        using var board = new FakeClockResponder(ptys.Second, TimeSpan.Zero) { Mode = behaviour };

        var (exit, output, error, took) = Run("sync-time", "--port", ptys.First);

        Assert.That(exit, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain(message));
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public void MissingPortIsBadInput() => Assert.That(Run("time").Exit, Is.EqualTo(3));

    [Test]
    public void VanishedPortIsASerialError()
    {
        var (exit, _, error, _) = Run("time", "--port", "/dev/calendar51-no-such-port");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("cannot open serial port /dev/calendar51-no-such-port"));
    }
}
