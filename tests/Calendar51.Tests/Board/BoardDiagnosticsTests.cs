using Calendar51.Emulator.Chips;
using static Calendar51.Tests.Board.BoardPrograms;

namespace Calendar51.Tests.Board;

public class BoardDiagnosticsTests
{
    [Test]
    public void Ce_to_sclk_one_cycle_apart_meets_tcc_at_12_mhz()
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile("ds1302_fast_ce.c"));
        board.Rtc!.SetDateTime(new DateTime(2024, 1, 1, 0, 0, 42), 0);
        RunToDone(board, TimeSpan.FromMilliseconds(50));
        Assert.That(board.Cpu.InternalRam[0xC0], Is.EqualTo(0x42));
        Assert.That(board.Diagnostics.Snapshot(), Is.Empty, "SETB CE; SETB SCLK is exactly tCC = 1 µs at 12 MHz");
    }

    [Test]
    public void Too_fast_ce_to_sclk_reports_tcc_with_chip_rule_cycle_time_severity_and_pc()
    {
        // The same program with a 24 MHz crystal: one machine cycle is 500 ns, half of tCC.
        var board = Start(ModifiedBoard("prechin-a2", "mcu stc89c52rc 12MHz", "mcu stc89c52rc 24MHz"), Compile("ds1302_fast_ce.c"));
        Assert.That(board.Clock.CrystalHz, Is.EqualTo(24_000_000));
        RunToDone(board, TimeSpan.FromMilliseconds(50));

        var diagnostics = board.Diagnostics.Snapshot();
        Assert.That(diagnostics, Has.Count.EqualTo(1), string.Join("\n", diagnostics));
        var tcc = diagnostics[0];
        Assert.Multiple(() =>
        {
            Assert.That(tcc.Chip, Is.EqualTo("rtc"), "the part's name in the board file");
            Assert.That(tcc.Rule, Is.EqualTo("tCC"));
            Assert.That(tcc.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(tcc.Cycle, Is.GreaterThan(0));
            Assert.That(tcc.VirtualTime, Is.EqualTo(board.Clock.ToTimeSpan(tcc.Cycle)));
            Assert.That(tcc.Detail, Does.Contain("500 ns < 1000 ns"));
            Assert.That(tcc.Location, Does.Match("^pc 0x[0-9A-F]{4}$"));
            Assert.That(tcc.ToString(), Does.StartWith($"error rtc tCC at cycle {tcc.Cycle} ("));
        });
    }
}
