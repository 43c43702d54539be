using Calendar51.Emulator.Board;

namespace Calendar51.Tests.Board;

/// <summary>The board file's power-on statements: vcc rise, reset, oscillator start, isp.</summary>
public class PowerOnBoardFileTests
{
    private const string Stc = "board test \"Test board\"\nmcu stc89c52rc 12MHz\n";
    private const string At89 = "board test \"Test board\"\nmcu at89c51 12MHz\n";

    private static PowerSequence Sequence(string text) => PowerSequence.For(BoardFile.Parse(text, "t.board"));

    private static string Rejects(string text) => Assert.Throws<BoardFormatException>(() => BoardFile.Parse(text, "t.board"))!.Message;

    [Test]
    public void Defaults_are_a_1ms_ramp_a_10uF_10k_reset_and_on_stc89_a_classic_bootloader_listening_200ms()
    {
        var stc = Sequence(Stc);
        Assert.That(stc.VccRise, Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        Assert.That(stc.Reset, Is.EqualTo(new RcReset(10e-6, 10e3)));
        Assert.That(stc.Isp, Is.EqualTo(IspBootloaderKind.Classic));
        Assert.That(stc.IspMagic, Is.EqualTo(StcIspBootloader.ClassicMagic));
        Assert.That(stc.UserCodeStarts.TotalMilliseconds, Is.EqualTo(236.667).Within(0.001));

        var at89 = Sequence(At89);
        Assert.That(at89.Isp, Is.EqualTo(IspBootloaderKind.None));
        Assert.That(at89.UserCodeStarts.TotalMilliseconds, Is.EqualTo(36.667).Within(0.001));
    }

    [Test]
    public void Reset_rc_and_reset_duration_override_the_network()
    {
        // 22 µF × 8.2 kΩ × ln(1/0.7) = 64.35 ms after a 2 ms ramp.
        var rc = Sequence(At89 + "vcc rise 2ms\nreset rc 22uF 8.2k\n");
        Assert.That(rc.ResetReleased.TotalMilliseconds, Is.EqualTo(2 + 22e-6 * 8.2e3 * Math.Log(1 / 0.7) * 1000).Within(0.001));

        var fixedTime = Sequence(At89 + "reset 80ms\n");
        Assert.That(fixedTime.ResetReleased, Is.EqualTo(TimeSpan.FromMilliseconds(81)));

        // Reset cannot end before the oscillator has run two machine cycles.
        var tooShort = Sequence(At89 + "reset 0ms\noscillator start 3ms\n");
        Assert.That(tooShort.ResetReleased, Is.EqualTo(TimeSpan.FromMilliseconds(1 + 3) + TimeSpan.FromMicroseconds(2)));
    }

    [Test]
    public void Isp_chooses_the_bootloader_its_window_and_magic()
    {
        var bsl7 = Sequence(Stc + "isp bsl7 300ms\n");
        Assert.That((bsl7.Isp, bsl7.IspWindow, bsl7.IspMagic), Is.EqualTo((IspBootloaderKind.Bsl7, TimeSpan.FromMilliseconds(300), StcIspBootloader.Bsl7Magic)));
        var none = Sequence(Stc + "isp none\n");
        Assert.That(none.UserCodeStarts, Is.EqualTo(none.ResetReleased));
        Assert.That(Sequence(Stc + "isp classic magic=F4A1\n").IspMagic, Is.EqualTo(0xF4A1));
    }

    [TestCase("reset rc 10uF banana", "t.board:3: 'banana' is not a resistance (e.g. 10k)")]
    [TestCase("reset rc 10 10k", "t.board:3: '10' is not a capacitance (e.g. 10uF)")]
    [TestCase("reset rc -10uF 10k", "t.board:3: '-10uF' is not a capacitance (e.g. 10uF)")]
    [TestCase("reset rc 1F 1M", "t.board:3: reset rc 1F 1M holds reset for 356674.9 s: more than 10 s")]
    [TestCase("reset -5ms", "t.board:3: reset: '-5ms' must be zero or more")]
    [TestCase("reset 80", "t.board:3: reset: '80' is not a duration (e.g. 500us, 1.5ms, 2s)")]
    [TestCase("reset soon", "t.board:3: reset: 'soon' is not a duration (e.g. 500us, 1.5ms, 2s)")]
    [TestCase("reset rc 10uF", "t.board:3: expected: reset rc CAPACITANCE RESISTANCE (e.g. reset rc 10uF 10k) or reset DURATION (e.g. reset 80ms)")]
    [TestCase("vcc rise 20s", "t.board:3: vcc rise: '20s' is longer than 10 s")]
    [TestCase("vcc fall 1ms", "t.board:3: expected: vcc rise DURATION (e.g. vcc rise 1ms: VCC from 0 to 5 V)")]
    [TestCase("oscillator start NaNms", "t.board:3: oscillator start: 'NaNms' is not a duration (e.g. 500us, 1.5ms, 2s)")]
    [TestCase("isp stc15", "t.board:3: unknown ISP bootloader 'stc15' (classic, bsl7, none)")]
    [TestCase("isp classic 0ms", "t.board:3: isp window: '0ms' must be more than zero")]
    [TestCase("isp classic magic=F0", "t.board:3: isp: 'magic=F0' is not magic=HHHH (four hex digits, e.g. magic=F002)")]
    [TestCase("isp none 100ms", "t.board:3: isp none takes nothing more")]
    public void Malformed_power_on_statements_are_refused_with_file_and_line(string statement, string message)
    {
        Assert.That(Rejects(Stc + statement + "\n"), Is.EqualTo(message));
    }

    [Test]
    public void A_statement_given_twice_is_refused()
    {
        Assert.That(Rejects(Stc + "reset 80ms\nreset rc 10uF 10k\n"), Is.EqualTo("t.board:4: reset is given twice"));
    }

    [Test]
    public void Only_an_stc89_has_an_isp_bootloader()
    {
        Assert.That(Rejects(At89 + "\nisp classic\n"), Is.EqualTo("t.board:4: the at89c51 has no STC ISP bootloader (only stc89c52rc has)"));
    }
}
