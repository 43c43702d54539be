using Calendar51.Emulator.Board;

namespace Calendar51.Tests.Board;

/// <summary>
/// The DS1302's internal 40 kΩ pull-downs on CE, SCLK and IO (issue 10 §3): on a P1–P3 pin the 8051's
/// weak pull-up wins and a released line reads 1; on a P0 pin with no resistor the pull-down wins and
/// it reads 0 whatever the board's floating rule; a 10 kΩ P0 pull-up wins again (Chips/README.md).
/// </summary>
public class Ds1302PullDownTests
{
    private static VirtualBoard Board(string wiring, string extra = "") => new(BoardFile.Parse(
        "board t\nmcu stc89c52rc 12MHz\nfloating high\npart rtc ds1302\n" + wiring + extra, "t.board"));

    private static bool Pin(VirtualBoard board, int port, int bit) => (board.Cpu.PinLevels(port) >> bit & 1) != 0;

    [Test]
    public void Released_lines_read_as_the_weak_pull_up_or_the_pull_down_decides()
    {
        var onPort3 = Board("wire P3.5 rtc.CE\nwire P3.6 rtc.SCLK\nwire P3.4 rtc.IO\n");
        var onBareP0 = Board("wire P0.5 rtc.CE\nwire P0.6 rtc.SCLK\nwire P0.4 rtc.IO\n");
        var onP0WithResistors = Board("wire P0.5 rtc.CE\nwire P0.6 rtc.SCLK\nwire P0.4 rtc.IO\n", "pullup P0.0-P0.7 10k\n");
        Assert.Multiple(() =>
        {
            Assert.That(Pin(onPort3, 3, 4) && Pin(onPort3, 3, 5) && Pin(onPort3, 3, 6), Is.True, "P3: the weak pull-up (≥ 2.4 V at 60 µA) beats 40 kΩ");
            Assert.That(Pin(onBareP0, 0, 4) || Pin(onBareP0, 0, 5) || Pin(onBareP0, 0, 6), Is.False, "bare P0: only the pull-down holds the line");
            Assert.That(Pin(onBareP0, 0, 3), Is.True, "a bare P0 pin without the DS1302 still follows 'floating high'");
            Assert.That(Pin(onP0WithResistors, 0, 4) && Pin(onP0WithResistors, 0, 5), Is.True, "10 kΩ up against 40 kΩ down: 4 V");
            Assert.That(onBareP0.Rtc!.IsHalted, Is.True);
        });
    }
}
