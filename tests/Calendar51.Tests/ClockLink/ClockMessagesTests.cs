using System.Text;
using Calendar51.Host.ClockLink;

namespace Calendar51.Tests.ClockLink;

public class ClockMessagesTests
{
    [Test]
    public void TimeReplyParses()
    {
        Assert.That(ClockMessages.TryParseTime("T=2024-02-29 23:59:58 4", out var time, out _), Is.True);
        Assert.That(time, Is.EqualTo(new BoardTime(new DateTime(2024, 2, 29, 23, 59, 58), 4)));
        Assert.That(time!.WeekdayMatchesDate, Is.True, "2024-02-29 was a Thursday");
    }

    [Test]
    public void WrongWeekdayIsNoticed()
    {
        ClockMessages.TryParseTime("T=2024-02-29 23:59:58 7", out var time, out _);
        Assert.That(time!.WeekdayMatchesDate, Is.False);
    }

    [TestCase("T=2024-02-30 10:00:00 5")]
    [TestCase("T=2024-02-29 24:00:00 4")]
    [TestCase("T=2024-02-29 10:00:00 8")]
    [TestCase("T=2024-02-29 10:00:00")]
    [TestCase("X=2024-02-29 10:00:00 4")]
    [TestCase("T=2024-2-29 10:00:00 4")]
    public void MalformedTimeRepliesAreRejectedWithTheLine(string line)
    {
        Assert.That(ClockMessages.TryParseTime(line, out _, out var problem), Is.False);
        Assert.That(problem, Does.Contain(line));
    }

    [Test]
    public void SetCommandAndRepliesFollowTheProtocol()
    {
        Assert.That(Encoding.ASCII.GetString(ClockMessages.Encode(ClockMessages.SetTime(new DateTime(2025, 1, 2, 3, 4, 5)))),
            Is.EqualTo("T=2025-01-02 03:04:05\r\n"));
        Assert.That(ClockMessages.TryParseSetReply("OK", out var none) && none is null, Is.True);
        Assert.That(ClockMessages.TryParseSetReply("ERR range", out var reason) && reason == "range", Is.True);
        Assert.That(ClockMessages.TryParseSetReply("OKAY", out _), Is.False);
    }

    [Test]
    public void VersionReplyParses()
    {
        Assert.That(ClockMessages.TryParseVersion("V=Calendar51 1.2.0 hc6800 11059200", out var v), Is.True);
        Assert.That(v, Is.EqualTo(new BoardVersion("Calendar51", "1.2.0", "hc6800", 11_059_200)));
        Assert.That(ClockMessages.TryParseVersion("V=Calendar51 1.2.0 hc6800 fast", out _), Is.False);
    }

    [TestCase(2025, 6, 2, 1)]
    [TestCase(2025, 6, 8, 7)]
    public void IsoWeekdayRunsMondayOneToSundaySeven(int y, int m, int d, int weekday) =>
        Assert.That(ClockMessages.IsoWeekday(new DateTime(y, m, d)), Is.EqualTo(weekday));

    [Test]
    public void FramerSplitsCrLfAndLfLinesAcrossChunks()
    {
        var framer = new ClockLineFramer();
        framer.Feed("T=2025"u8);
        Assert.That(framer.Count, Is.Zero);
        framer.Feed("-01-01 00:00:00 3\r\nOK\n\r\n"u8);
        Assert.That(framer.TryTake(out var first) && first == "T=2025-01-01 00:00:00 3", Is.True);
        Assert.That(framer.TryTake(out var second) && second == "OK", Is.True);
        Assert.That(framer.TryTake(out var third) && third == "", Is.True);
        Assert.That(framer.TryTake(out _), Is.False);
    }

    [Test]
    public void FramerCapsOverlongLinesAndMasksNoise()
    {
        var framer = new ClockLineFramer();
        framer.Feed(Enumerable.Repeat((byte)'x', 10_000).Append((byte)0x80).Append((byte)'\n').ToArray());
        Assert.That(framer.TryTake(out var line), Is.True);
        Assert.That(line, Has.Length.EqualTo(ClockLineFramer.MaxLineLength));
        framer.Feed([0x01, (byte)'A', (byte)'\n']);
        Assert.That(framer.TryTake(out var masked) && masked == "?A", Is.True);
    }
}
