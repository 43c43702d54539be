using Calendar51.Emulator.LogicAnalyser;
using Calendar51.Host.Emulation;
using Calendar51.Host.Emulation.Web;

namespace Calendar51.Tests.Emulate;

/// <summary>With --decode the session's snapshots carry the latest bus lines, and the terminal frame and the web state show the newest of them.</summary>
public class EmulationBusLinesTests
{
    [Test]
    public void SnapshotsCarryTheNewestDecodedLinesForEveryView()
    {
        string firmware = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
        var options = new EmulationOptions(firmware, "prechin-a2", new DateTime(2028, 2, 28, 23, 59, 55), EmulationSpeed.Max, null);
        var board = EmulationSetup.PowerOn(options, DateTime.Now, DateTime.UtcNow);
        using var probe = LogicProbe.Create(null, null, decode: true, WireSignals.Of(board.Description));
        probe.Attach(board, "test");
        var everyLine = new List<string>();
        probe.Decoded += line => everyLine.Add(line.ToString());
        using var session = new EmulationSession(board, EmulationSpeed.Max);
        session.ShowDecodedLines(probe, "test");
        session.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (session.Latest.BusLineCount <= EmulationSession.BusLinesKept && DateTime.UtcNow < deadline) Thread.Sleep(10);
        session.Stop();
        var snapshot = session.Latest;

        Assert.That(snapshot.BusLineCount, Is.GreaterThan(EmulationSession.BusLinesKept), "enough traffic decoded in 20 s");
        Assert.That(snapshot.BusLineCount, Is.EqualTo(everyLine.Count));
        Assert.That(snapshot.BusLines, Is.EqualTo(everyLine.TakeLast(EmulationSession.BusLinesKept)), "the newest lines, oldest first");

        var info = new EmulationInfo(firmware, "prechin-a2", board.Description.CrystalHz, ["K1", "K2", "K3", "K4"]);
        var frame = TerminalFrame.Render(snapshot, info);
        int heading = frame.ToList().IndexOf($"bus (--decode): {snapshot.BusLineCount}");
        Assert.That(heading, Is.GreaterThan(0), string.Join("\n", frame));
        Assert.That(frame.Skip(heading + 1), Is.EqualTo(everyLine.TakeLast(8)));

        var web = WebState.From(snapshot, info, null);
        Assert.That(web.Bus, Is.EqualTo(everyLine.TakeLast(WebState.BusLinesShown)));
        Assert.That(web.BusCount, Is.EqualTo(snapshot.BusLineCount));
    }

    [Test]
    public void DecodingFollowsTheBoardThroughAPowerCycle()
    {
        string firmware = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
        var options = new EmulationOptions(firmware, "prechin-a2", new DateTime(2028, 2, 28, 23, 59, 55), EmulationSpeed.Max, null);
        var board = EmulationSetup.PowerOn(options, DateTime.Now, DateTime.UtcNow);
        using var probe = LogicProbe.Create(null, null, decode: true, WireSignals.Of(board.Description));
        probe.Attach(board, "test");
        using var session = new EmulationSession(board, EmulationSpeed.Max);
        session.ShowDecodedLines(probe, "test");
        session.Start();
        WaitFor(() => session.Latest.BusLineCount > 50);
        session.PowerCycle();
        WaitFor(() => !ReferenceEquals(session.Board, board));
        long atCycle = session.Latest.BusLineCount;
        WaitFor(() => session.Latest.BusLineCount > atCycle + 50);
        session.Stop();

        Assert.That(session.Latest.BusLineCount, Is.GreaterThan(atCycle + 50), "the new board's traffic is decoded too");
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) Thread.Sleep(10);
    }
}
