using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips.Lcd;
using static Calendar51.Tests.Board.BoardPrograms;

namespace Calendar51.Tests.Board;

/// <summary>
/// Start-up as on a real board: the MCU is held in reset by the board's RC network (and an STC89 runs
/// its ISP bootloader) while the chips' own power-on periods count from VCC, not from the first instruction.
/// </summary>
public class PowerOnTests
{
    private const string At89C51Line = "mcu at89c51 12MHz";

    /// <summary>The diagnostics as "severity chip rule ×count", the corpus's expected-diagnostics form.</summary>
    private static string[] Rules(VirtualBoard board) =>
        board.Diagnostics.Summary().Select(r => $"{r.Severity.ToString().ToLowerInvariant()} {r.Chip} {r.Rule} ×{r.Count}").ToArray();

    private static string[] LcdLines(VirtualBoard board) =>
        LcdTextRenderer.RenderLines(board.Lcd!.Panel(board.Cpu.Cycles)).Select(line => line.TrimEnd()).ToArray();

    /// <summary>Prechin's wiring with an AT89C51 in the socket: no bootloader, only the RC reset.</summary>
    private static BoardDescription At89C51Board(string extra = "") =>
        ModifiedBoard("prechin-a2", "mcu stc89c52rc 12MHz", At89C51Line + "\n" + extra);

    private static VirtualBoard RunDelayOnlyProgram(BoardDescription description)
    {
        var board = SwitchOn(description, Compile("lcd_delay_only.c"));
        var stop = board.RunUntil(board.Clock.CyclesIn(TimeSpan.FromSeconds(1)), stopAtSelfJump: true);
        Assert.That(stop, Is.EqualTo(Emulator.Cpu.StopReason.SelfJump), "the program ran to its final loop");
        return board;
    }

    [Test]
    public void A_delay_only_lcd_driver_with_no_start_up_wait_shows_its_text_on_prechin_a2()
    {
        var board = RunDelayOnlyProgram(ShippedBoard("prechin-a2"));
        Assert.That(LcdLines(board), Is.EqualTo(new[] { "DELAY ONLY", "OK" }));
        // E (P2.7) idles high from reset, so the first RS/R/W writes happen with E high: harmless.
        Assert.That(Rules(board), Is.EqualTo(new[] { "info lcd tAH ×2" }), string.Join("\n", board.Diagnostics.Summary()));
    }

    [Test]
    public void A_delay_only_lcd_driver_with_no_start_up_wait_shows_its_text_on_an_at89c51_board()
    {
        var board = RunDelayOnlyProgram(At89C51Board());
        Assert.That(board.Bootloader, Is.Null);
        Assert.That(LcdLines(board), Is.EqualTo(new[] { "DELAY ONLY", "OK" }));
        Assert.That(Rules(board), Is.EqualTo(new[] { "info lcd tAH ×2" }), string.Join("\n", board.Diagnostics.Summary()));
    }

    [Test]
    public void Without_the_reset_networks_delay_the_same_driver_leaves_the_lcd_blank()
    {
        // RST released as soon as the oscillator runs (5 ms): the first commands reach an LCD still in
        // its 15 ms power-on wait and are ignored, as on a board with a too-small reset capacitor.
        var board = RunDelayOnlyProgram(At89C51Board("reset 0ms"));
        Assert.That(LcdLines(board), Is.All.Empty);
        Assert.That(Rules(board), Is.EqualTo(new[] { "error lcd busy ×8", "info lcd tAH ×2" }), string.Join("\n", board.Diagnostics.Summary()));
    }

    [Test]
    public void The_at89c51_leaves_reset_when_its_10uF_10k_network_falls_below_0_7_vcc()
    {
        var board = SwitchOn(At89C51Board(), Compile("lcd_delay_only.c"));
        var sequence = board.PowerSequence;
        // 1 ms VCC ramp + 10 µF × 10 kΩ × ln(1/0.7) = 1 + 35.667 ms.
        Assert.That(sequence.ResetReleased.TotalMilliseconds, Is.EqualTo(36.667).Within(0.001));
        Assert.That(sequence.UserCodeStarts, Is.EqualTo(sequence.ResetReleased));
        long release = board.Clock.CyclesIn(sequence.ResetReleased);
        board.RunUntil(release - 1);
        Assert.That(board.Cpu.IsHeldInReset, Is.True);
        Assert.That(board.Cpu.PC, Is.Zero, "nothing has executed");
        board.RunUntil(release + 100);
        Assert.That(board.Cpu.IsHeldInReset, Is.False);
        Assert.That(board.Cpu.PC, Is.Not.Zero, "the program runs");
    }

    [Test]
    public void An_stc89_board_runs_its_bootloaders_listening_window_before_the_user_code()
    {
        var board = SwitchOn(ShippedBoard("prechin-a2"), Compile("lcd_delay_only.c"));
        var sequence = board.PowerSequence;
        Assert.That(sequence.Isp, Is.EqualTo(IspBootloaderKind.Classic));
        Assert.That(sequence.UserCodeStarts, Is.EqualTo(sequence.ResetReleased + PowerSequence.DefaultIspWindow));
        board.RunUntil(board.Clock.CyclesIn(sequence.UserCodeStarts) - 1);
        Assert.That(board.Cpu.IsHeldInReset, Is.True);
        Assert.That(board.Bootloader!.State, Is.EqualTo(StcIspBootloader.IspState.Listening));
        board.RunFor(TimeSpan.FromMilliseconds(1));
        Assert.That(board.Bootloader.State, Is.EqualTo(StcIspBootloader.IspState.UserCode));
        Assert.That(board.Cpu.IsHeldInReset, Is.False);
    }

    [Test]
    public void The_lcd_power_on_wait_counts_15_ms_from_vcc_reaching_4_5_v()
    {
        var board = SwitchOn(At89C51Board("vcc rise 10ms"), Compile("lcd_delay_only.c"));
        var lcd = board.Lcd!;
        // VCC reaches 4.5 V 9 ms into a 10 ms ramp; the LCD is unready until 9 + 15 = 24 ms.
        Assert.That(lcd.IsBusy(board.Clock.CyclesIn(TimeSpan.FromMilliseconds(23.9))), Is.True);
        Assert.That(lcd.IsBusy(board.Clock.CyclesIn(TimeSpan.FromMilliseconds(24.01))), Is.False);
    }

    [Test]
    public void After_a_power_cycle_the_new_lcd_is_again_unready_for_its_power_on_wait()
    {
        var board = Start(At89C51Board(), Compile("lcd_delay_only.c"));
        board.RunFor(TimeSpan.FromSeconds(1));
        Assert.That(LcdLines(board)[0], Is.EqualTo("DELAY ONLY"));

        var again = board.PowerCycle(TimeSpan.FromSeconds(1));
        Assert.That(again.Lcd!.IsBusy(again.Clock.CyclesIn(TimeSpan.FromMilliseconds(15))), Is.True, "a fresh LCD is in its power-on wait");
        Assert.That(again.Cpu.IsHeldInReset, Is.True, "and the MCU in reset");
        again.RunFor(TimeSpan.FromSeconds(1));
        Assert.That(LcdLines(again), Is.EqualTo(new[] { "DELAY ONLY", "OK" }));
    }
}
