using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Chips.Lcd;
using static Calendar51.Tests.Board.BoardPrograms;

namespace Calendar51.Tests.Board;

/// <summary>
/// Issue 10 §5: small programs of our own in the styles hobbyists write (tests/board-programs), each
/// with the screen it shows and the diagnostics it raises on prechin-a2.
/// </summary>
public class CorpusProgramTests
{
    private static readonly DateTime SetTime = new(2025, 6, 15, 12, 34, 56);

    private static VirtualBoard Started(string program)
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile(program));
        board.Rtc!.SetDateTime(SetTime, 0);
        var registers = board.Rtc.ReadClockRegisters(0);
        Assert.That(board.Rtc.IsHalted, Is.False);
        Assert.That(registers[7], Is.EqualTo(0x80), "write protect as at first power-up");
        return board;
    }

    private static string[] Lines(VirtualBoard board) =>
        LcdTextRenderer.RenderLines(board.Lcd!.Panel(board.Cpu.Cycles)).Select(line => line.TrimEnd()).ToArray();

    /// <summary>The per-rule summary as "severity chip rule ×count" lines, errors first.</summary>
    private static string[] Rules(VirtualBoard board) =>
        board.Diagnostics.Summary().Select(r => $"{r.Severity.ToString().ToLowerInvariant()} {r.Chip} {r.Rule} ×{r.Count}").ToArray();

    [Test]
    public void Busy_check_that_leaves_e_high_and_never_releases_p0()
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile("busy_e_high.c"));
        RunToDone(board, TimeSpan.FromMilliseconds(100));
        Assert.That(Lines(board), Is.EqualTo(new[] { "BUSY E HIGH", "line two" }), "the text survives: clear left I/D = 1 and AC = 0");
        Assert.That(Rules(board), Is.EqualTo(new[] { "error lcd busy ×2", "warning lcd tAH ×44", "warning lcd busy ×1", "info lcd tAH ×1" }),
            string.Join("\n", board.Diagnostics.Summary()));
        // The busy flag read through P0's latch (bit 7 of the last byte written, 0) lets the next write
        // through at once: entry mode and the address after clear are lost.
        var errors = board.Diagnostics.Snapshot().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Detail);
        Assert.That(errors, Is.EqualTo(new[] { "instruction 06 written while busy (3 µs left): ignored", "instruction 80 written while busy (1486 µs left): ignored" }));
        Assert.That(board.Diagnostics.Summary()[1].First.Detail, Is.EqualTo("R/W changed while E is high"), "every later access starts with E left high");
    }

    [Test]
    public void Prechin_four_bit_start_shows_its_text_with_no_diagnostic()
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile("prechin_4bit.c"));
        RunToDone(board, TimeSpan.FromMilliseconds(300));
        Assert.That(Lines(board), Is.EqualTo(new[] { "PRECHIN 4-BIT", "0x32 0x28" }));
        Assert.That((board.Lcd!.EightBitInterface, board.Lcd.TwoLines), Is.EqualTo((false, true)));
        Assert.That(board.Diagnostics.Summary(), Is.Empty, "0x32 then 0x28 is the datasheet's own 4-bit start: no init warning");
    }

    [Test]
    public void Ds1302_clock_burst_and_single_byte_reads_agree()
    {
        var board = Started("ds1302_burst_single.c");
        RunToDone(board, TimeSpan.FromMilliseconds(100));
        Assert.That(HexBytes(Results(board, 0xC0, 8)), Is.EqualTo("56 34 12 15 06 07 25 80"), "burst: seconds … year, then control (WP)");
        Assert.That(HexBytes(Results(board, 0xC8, 7)), Is.EqualTo("56 34 12 15 06 07 25"), "single-byte reads 81 … 8D");
        Assert.That(Lines(board), Is.EqualTo(new[] { "2025-06-15", "12:34:56" }));
        Assert.That(board.Diagnostics.Summary(), Is.Empty);
    }

    [Test]
    public void Ce_raised_while_sclk_is_high_is_reported_and_the_first_transfer_has_no_ce_edge()
    {
        var board = Started("ce_while_sclk_high.c");
        RunToDone(board, TimeSpan.FromMilliseconds(200));
        Assert.That(HexBytes(Results(board, 0xC0, 3)), Is.EqualTo("56 34 12"), "the model still reads correctly");
        Assert.That(Lines(board), Is.EqualTo(new[] { "12:34:56", "" }));
        Assert.That(Rules(board), Is.EqualTo(new[] { "warning rtc CE ×1", "warning rtc CE rise ×2" }), string.Join("\n", board.Diagnostics.Summary()));
        var summary = board.Diagnostics.Summary();
        Assert.That(summary[0].First.Detail, Does.Contain("CE high since power-up, without a CE rising edge"));
        Assert.That(summary[1].First.Detail, Is.EqualTo("SCLK must be low when CE goes high"));
    }

    [Test]
    public void Ds1302_and_lcd_work_in_a_timer_interrupt_racing_the_main_loop()
    {
        var board = Started("timer_isr_race.c");
        RunToDone(board, TimeSpan.FromSeconds(3));
        var lines = Lines(board);
        Assert.That(board.Cpu.InternalRam[0xC0], Is.GreaterThan(10), "the interrupt ran");
        Assert.That(lines[0], Does.Match(@"^N\d{3}"), "the main loop's counter");
        // The interrupt moves the address counter between the main loop's address and its digits: the
        // main loop's digits land after the seconds on line 2.
        Assert.That(lines[1], Does.Match(@"^5[6-9]\d+$").And.Length.GreaterThan(2), string.Join(" / ", lines));
        // Back from the interrupt the main loop writes at once, while the LCD still executes the
        // interrupt's last write (its own busy check was done before the interrupt came).
        var busy = board.Diagnostics.Summary().Single(r => r.Severity == DiagnosticSeverity.Error);
        Assert.That((busy.Chip, busy.Rule), Is.EqualTo(("lcd", "busy")));
        Assert.That(busy.Count, Is.GreaterThan(0));
        Assert.That(board.Diagnostics.Summary().Where(r => r.Chip == "rtc"), Is.Empty, "the DS1302 is only used inside the interrupt");
    }
}
