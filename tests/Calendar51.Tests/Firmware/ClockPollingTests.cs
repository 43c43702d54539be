using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Firmware;

/// <summary>
/// How the clock firmware looks at the DS1302 while it runs: every 100 ms, the 8 KB image reads the
/// seconds register alone and burst-reads the time once per new second; the AT89C51 image, without
/// room for that, burst-reads every time.
/// </summary>
[TestFixture]
public class ClockPollingTests
{
    [TestCase("calendar51.hex", 100, 10)]
    [TestCase("calendar51-at89c51.hex", 0, 100)]
    public void TenSecondsOfTheClockReadTheDs1302AsDesigned(string image, int secondsReads, int burstReads)
    {
        var board = new VirtualBoard(BoardFile.Load(RepositoryFiles.BoardFilePath("prechin-a2")));
        int size = board.Description.Mcu.CodeSize;
        board.Cpu.LoadCode(IntelHex.Load(Path.Combine(RepositoryFiles.Root, "firmware", "dist", image), size).Data.AsSpan(0, size));
        board.Rtc!.SetDateTime(new DateTime(2030, 6, 15, 10, 55, 0), 0);
        board.RunFor(TimeSpan.FromSeconds(2));   // power-on, LCD set-up, first reads
        var transfers = new List<Ds1302Transfer>();
        board.Rtc.Transferred += transfers.Add;
        board.RunFor(TimeSpan.FromSeconds(10));

        int seconds = transfers.Count(t => t.Command == 0x81), bursts = transfers.Count(t => t.Command == 0xBF);
        Assert.That(seconds, Is.InRange(secondsReads - 1, secondsReads + 1), "seconds-register reads in 10 s");
        Assert.That(bursts, Is.InRange(burstReads - 1, burstReads + 1), "clock bursts in 10 s");
        Assert.That(transfers.Where(t => t.Command == 0xBF).All(t => t.IsRead && t.ByteCount == 7), Is.True);
        Assert.That(board.Diagnostics.TotalCount, Is.Zero);
    }
}
