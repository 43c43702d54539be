using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Chips;

public class Hd44780Tests
{
    private static readonly MachineClock TwelveMHz = new(12_000_000); // 1 µs per cycle
    private const long AfterPowerOn = 15_000;

    private static (Hd44780 Lcd, LcdBus Bus, Diagnostics Diagnostics) Create(Hd44780Options? options = null, MachineClock? clock = null, long start = AfterPowerOn)
    {
        var diagnostics = new Diagnostics();
        var lcd = new Hd44780(clock ?? TwelveMHz, diagnostics, options);
        return (lcd, new LcdBus(lcd, start), diagnostics);
    }

    /// <summary>Datasheet 8-bit initialisation by instruction, then display on, entry mode increment.</summary>
    private static void Initialise8(LcdBus bus)
    {
        bus.Instruction(0x30, 4_200);
        bus.Instruction(0x30, 110);
        bus.Instruction(0x30);
        bus.Instruction(0x38);
        bus.Instruction(0x08);
        bus.Instruction(0x01, 1_600);
        bus.Instruction(0x06);
        bus.Instruction(0x0C);
    }

    private static void Initialise4(LcdBus bus)
    {
        bus.Pulse(false, 0x30); bus.Wait(4_200);
        bus.Pulse(false, 0x30); bus.Wait(110);
        bus.Pulse(false, 0x30); bus.Wait(40);
        bus.Pulse(false, 0x20); bus.Wait(40);
        bus.FourBit = true;
        bus.Instruction(0x28);
        bus.Instruction(0x08);
        bus.Instruction(0x01, 1_600);
        bus.Instruction(0x06);
        bus.Instruction(0x0C);
    }

    private static string[] Text(Hd44780 lcd, long cycle) => LcdTextRenderer.RenderLines(lcd.Panel(cycle));

    private static Diagnostic[] Errors(Diagnostics diagnostics) =>
        diagnostics.Snapshot().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    [Test]
    public void Power_on_reset_state_and_15ms_wait()
    {
        var (lcd, bus, diagnostics) = Create(start: 0);
        Assert.Multiple(() =>
        {
            Assert.That(lcd.EightBitInterface, Is.True);
            Assert.That(lcd.TwoLines, Is.False);
            Assert.That(lcd.DisplayOn, Is.False);
            Assert.That(lcd.Increment, Is.True);
            Assert.That(lcd.Ddram.ToArray(), Is.All.EqualTo(0x20));
        });
        Assert.That(bus.Read(rs: false), Is.EqualTo(0x80), "BF high during the internal reset");
        bus.Instruction(0x38);
        Assert.That(lcd.TwoLines, Is.False, "ignored while busy");
        Assert.That(Errors(diagnostics).Single().Rule, Is.EqualTo("busy"));
        bus.Wait(10_000);
        Assert.That(bus.Read(rs: false), Is.EqualTo(0x80), "still in the 15 ms the datasheet asks firmware to wait after VCC reaches 4.5 V");
        bus.Wait(5_000);
        Assert.That(bus.Read(rs: false), Is.EqualTo(0x00));
    }

    [Test]
    public void Eight_bit_initialisation_and_text()
    {
        var (lcd, bus, diagnostics) = Create();
        Initialise8(bus);
        bus.Text("HELLO");
        bus.Instruction(0xC0);
        bus.Text("World");
        Assert.That(Text(lcd, bus.Cycle), Is.EqualTo(new[] { "HELLO           ", "World           " }));
        Assert.Multiple(() =>
        {
            Assert.That(lcd.TwoLines, Is.True);
            Assert.That(lcd.DdramAt(0x40), Is.EqualTo((byte)'W'));
            Assert.That(lcd.AddressCounter, Is.EqualTo(0x45));
            Assert.That(diagnostics.Snapshot(), Is.Empty);
        });
    }

    [Test]
    public void Four_bit_initialisation_text_and_busy_flag_address_read_in_two_nibbles()
    {
        var (lcd, bus, diagnostics) = Create();
        Initialise4(bus);
        bus.Text("4-bit");
        Assert.Multiple(() =>
        {
            Assert.That(lcd.EightBitInterface, Is.False);
            Assert.That(lcd.TwoLines, Is.True);
            Assert.That(Text(lcd, bus.Cycle)[0], Is.EqualTo("4-bit           "));
            Assert.That(bus.Read(rs: false), Is.EqualTo(0x05));
            Assert.That(diagnostics.Snapshot(), Is.Empty);
        });
        bus.Write(true, (byte)'!');
        Assert.That(bus.Read(rs: false), Is.EqualTo(0x80 | 0x06), "BF read right after a write; AC already advanced");
    }

    [Test]
    public void Writes_while_busy_are_ignored_and_reported_with_execution_times_from_the_oscillator()
    {
        var (lcd, bus, diagnostics) = Create();
        Initialise8(bus);
        bus.Write(true, (byte)'A');
        bus.Wait(20);
        bus.Write(true, (byte)'B'); // ~25 µs after 'A': inside 37 µs
        bus.Wait(40);
        bus.Write(true, (byte)'C');
        Assert.That(Text(lcd, bus.Cycle)[0], Does.StartWith("AC "));
        var busy = Errors(diagnostics).Single();
        Assert.Multiple(() =>
        {
            Assert.That(busy.Rule, Is.EqualTo("busy"));
            Assert.That(busy.Detail, Does.Contain("data 42 written while busy"));
        });

        bus.Wait(40);
        bus.Instruction(0x01, 0);
        long clearedAt = bus.Cycle;
        Assert.Multiple(() =>
        {
            Assert.That(lcd.IsBusy(clearedAt + 1_519), Is.True, "clear takes 1.52 ms at 270 kHz");
            Assert.That(lcd.IsBusy(clearedAt + 1_521), Is.False);
        });
    }

    [TestCase(270_000, 37_000)]
    [TestCase(250_000, 39_960)]
    public void Execution_time_scales_with_the_oscillator(long oscillatorHz, long expectedNs)
    {
        var clock = new MachineClock(12_000_000_000); // 1 ns per cycle
        var (lcd, bus, _) = Create(new Hd44780Options { OscillatorHz = oscillatorHz }, clock, start: 20_000_000);
        bus.CyclesPerWrite = 100;
        bus.Instruction(0x38, 0);
        long latched = bus.Cycle;
        Assert.That(lcd.IsBusy(latched + expectedNs - 1), Is.True);
        Assert.That(lcd.IsBusy(latched + expectedNs), Is.False);
    }

    [Test]
    public void Two_line_address_counter_wraps_27_to_40_and_67_to_00()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        bus.Instruction(0x80 | 0x26);
        bus.Text("ab");
        Assert.That(lcd.AddressCounter, Is.EqualTo(0x40));
        bus.Instruction(0x80 | 0x67);
        bus.Text("yz");
        Assert.Multiple(() =>
        {
            Assert.That(lcd.DdramAt(0x27), Is.EqualTo((byte)'b'));
            Assert.That(lcd.DdramAt(0x67), Is.EqualTo((byte)'y'));
            Assert.That(lcd.DdramAt(0x00), Is.EqualTo((byte)'z'));
        });
        bus.Instruction(0x04); // decrement
        bus.Instruction(0x80 | 0x40);
        bus.Text("<-");
        Assert.That(lcd.DdramAt(0x27), Is.EqualTo((byte)'-'));
        Assert.That(lcd.AddressCounter, Is.EqualTo(0x26));
    }

    [Test]
    public void One_line_mode_wraps_4F_to_00_and_leaves_line_2_blank()
    {
        var (lcd, bus, _) = Create();
        bus.Instruction(0x30);
        bus.Instruction(0x0C);
        bus.Instruction(0x80 | 0x4F);
        bus.Text("XY");
        Assert.Multiple(() =>
        {
            Assert.That(lcd.TwoLines, Is.False);
            Assert.That(lcd.AddressCounter, Is.EqualTo(0x01));
            Assert.That(Text(lcd, bus.Cycle), Is.EqualTo(new[] { "Y               ", "                " }));
        });
    }

    [Test]
    public void CGRAM_characters_render_marked_at_codes_00_to_0F()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        byte[] bell = [0x04, 0x0E, 0x0E, 0x0E, 0x1F, 0x00, 0x04, 0x00];
        bus.Instruction(0x40 | 2 << 3);
        foreach (byte row in bell) { bus.Write(true, row); bus.Wait(40); }
        bus.Instruction(0x80);
        bus.Write(true, 0x02); bus.Wait(40);
        bus.Write(true, 0x0A); bus.Wait(40);
        bus.Text("ok");
        var panel = lcd.Panel(bus.Cycle);
        Assert.Multiple(() =>
        {
            Assert.That(lcd.Cgram[16..24].ToArray(), Is.EqualTo(bell));
            Assert.That(LcdTextRenderer.RenderLines(panel)[0], Is.EqualTo("③③ok            "));
            Assert.That(Enumerable.Range(0, 8).Select(r => panel.GlyphRow(0x0A, r)), Is.EqualTo(bell));
        });
        bus.Instruction(0x40 | 0x3F);
        bus.Text("zz");
        Assert.That(lcd.AddressCounter, Is.EqualTo(0x01), "CGRAM address wraps 3F → 00");
        Assert.That(lcd.Cgram[0], Is.EqualTo((byte)'z'));
    }

    [Test]
    public void Display_shift_moves_both_lines_and_entry_shift_follows_writes()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        bus.Text("0123456789ABCDEFGH");
        bus.Instruction(0xC0);
        bus.Text("abcdefghijklmnopqr");
        bus.Instruction(0x18); // display left
        bus.Instruction(0x18);
        Assert.That(Text(lcd, bus.Cycle), Is.EqualTo(new[] { "23456789ABCDEFGH", "cdefghijklmnopqr" }));
        bus.Instruction(0x1C); // display right
        bus.Instruction(0x1C);
        bus.Instruction(0x1C);
        Assert.That(Text(lcd, bus.Cycle)[0], Is.EqualTo(" 0123456789ABCDE"), "address 0x27 (blank) scrolls in from the left");

        bus.Instruction(0x02, 1_600); // home undoes the shift
        Assert.That(lcd.DisplayShift, Is.EqualTo(0));
        Assert.That(lcd.AddressCounter, Is.EqualTo(0));

        bus.Instruction(0x07); // increment + shift on write
        bus.Instruction(0x80 | 0x10);
        bus.Text("!?");
        Assert.That(lcd.DisplayShift, Is.EqualTo(2));
        Assert.That(Text(lcd, bus.Cycle)[0], Is.EqualTo("23456789ABCDEF!?"));
    }

    [Test]
    public void Cursor_shift_moves_the_address_counter_not_the_display()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        bus.Instruction(0x85);
        bus.Instruction(0x14);
        bus.Instruction(0x14);
        bus.Instruction(0x10);
        Assert.That(lcd.AddressCounter, Is.EqualTo(0x06));
        Assert.That(lcd.DisplayShift, Is.EqualTo(0));
    }

    [Test]
    public void Clear_fills_spaces_resets_address_shift_and_sets_increment()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        bus.Text("junk");
        bus.Instruction(0x04);
        bus.Instruction(0x18);
        bus.Instruction(0x01, 1_600);
        Assert.Multiple(() =>
        {
            Assert.That(lcd.Ddram.ToArray(), Is.All.EqualTo(0x20));
            Assert.That(lcd.AddressCounter, Is.EqualTo(0));
            Assert.That(lcd.DisplayShift, Is.EqualTo(0));
            Assert.That(lcd.Increment, Is.True);
        });
    }

    [Test]
    public void Data_read_returns_RAM_and_advances_the_address_counter()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        bus.Text("Rd");
        bus.Instruction(0x80);
        Assert.That(bus.Read(rs: true), Is.EqualTo((byte)'R'));
        bus.Wait(40);
        Assert.That(bus.Read(rs: true), Is.EqualTo((byte)'d'));
        bus.Wait(40);
        Assert.That(lcd.AddressCounter, Is.EqualTo(2));
        Assert.That(lcd.DataDriveMask, Is.EqualTo(0), "released after E falls");
    }

    [Test]
    public void Blink_phase_lasts_102400_oscillator_clocks()
    {
        var (lcd, bus, _) = Create(new Hd44780Options { OscillatorHz = 250_000 });
        Initialise8(bus);
        bus.Instruction(0x0F);
        Assert.Multiple(() =>
        {
            Assert.That(lcd.Panel(409_599).BlinkBlockShown, Is.True);
            Assert.That(lcd.Panel(409_600).BlinkBlockShown, Is.False, "409.6 ms at 250 kHz");
            Assert.That(lcd.Panel(819_200).BlinkBlockShown, Is.True);
        });
        var panel = lcd.Panel(819_200);
        Assert.That(LcdPngRenderer.IsDotOn(panel, 0, 0, 0, 0), Is.True, "all dots of the cursor cell");
        Assert.That(LcdPngRenderer.IsDotOn(lcd.Panel(409_600), 0, 0, 7, 0), Is.True, "underline cursor stays");
        Assert.That(LcdPngRenderer.IsDotOn(lcd.Panel(409_600), 0, 0, 0, 0), Is.False);
    }

    [Test]
    public void Display_off_renders_blank()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        bus.Text("hidden");
        bus.Instruction(0x08);
        Assert.That(Text(lcd, bus.Cycle), Is.All.EqualTo(new string(' ', 16)));
    }

    [Test]
    public void Entry_mode_before_function_set_is_accepted_with_a_warning_and_later_N_changes_are_not()
    {
        var (lcd, bus, diagnostics) = Create();
        // dotnet/iot 8-bit sequence: 30 30 30 04 38 (hd44780.md §9.3).
        bus.Instruction(0x30, 5_000);
        bus.Instruction(0x30, 200);
        bus.Instruction(0x30);
        bus.Instruction(0x04);
        bus.Instruction(0x38);
        Assert.That(lcd.TwoLines, Is.True);
        Assert.That(diagnostics.Snapshot().Single().Rule, Is.EqualTo("init"));
        bus.Instruction(0x30);
        Assert.That(lcd.TwoLines, Is.True, "function set after initialisation keeps N");
        Assert.That(diagnostics.Snapshot().Last().Rule, Is.EqualTo("function set"));
    }

    [Test]
    public void Instruction_right_after_a_function_set_is_tolerated_as_dotnet_iot_needs()
    {
        var (lcd, bus, diagnostics) = Create();
        bus.Pulse(false, 0x30); bus.Wait(5_000);
        bus.Pulse(false, 0x30); bus.Wait(200);
        bus.Pulse(false, 0x30);
        bus.Pulse(false, 0x20); // 5 µs later, inside the 37 µs of the previous one
        Assert.That(lcd.EightBitInterface, Is.False);
        var warning = diagnostics.Snapshot().Single();
        Assert.That((warning.Rule, warning.Severity), Is.EqualTo(("busy", DiagnosticSeverity.Warning)));
        bus.FourBit = true;
        bus.Instruction(0x28, 0);
        bus.Instruction(0x0C, 0); // inside the function set's 37 µs: accepted
        bus.Instruction(0x07, 0); // inside the display control's 37 µs: dropped
        Assert.That(lcd.DisplayOn, Is.True);
        Assert.That(lcd.ShiftOnWrite, Is.False);
        Assert.That(diagnostics.Snapshot().Last().Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void Bus_timing_violations_are_warnings()
    {
        var clock = new MachineClock(96_000_000); // 125 ns per cycle
        var (_, bus, diagnostics) = Create(clock: clock, start: 2_000_000);
        bus.Pulse(false, 0x38);
        bus.E(true); // 250 ns after the previous rise
        bus.E(false);
        var rules = diagnostics.Snapshot().Select(d => d.Rule).Distinct().ToArray();
        Assert.That(rules, Is.SupersetOf(new[] { "PWEH", "tcycE" }));
        Assert.That(diagnostics.Snapshot().Select(d => d.Severity), Is.All.EqualTo(DiagnosticSeverity.Warning));
        var pweh = diagnostics.Snapshot().First(d => d.Rule == "PWEH");
        Assert.That(pweh.Detail, Does.Contain("125 ns < 230 ns"));
    }

    [Test]
    public void Same_cycle_pin_changes_violate_setup_and_hold()
    {
        var (lcd, _, diagnostics) = Create();
        lcd.SetRs(true, AfterPowerOn);
        lcd.SetE(true, AfterPowerOn); // MOV P2,A changing RS and E together
        lcd.SetDataBus(0x41, AfterPowerOn + 1);
        lcd.SetE(false, AfterPowerOn + 1);
        lcd.SetDataBus(0x42, AfterPowerOn + 1);
        lcd.SetRs(false, AfterPowerOn + 1);
        Assert.That(diagnostics.Snapshot().Select(d => d.Rule), Is.EquivalentTo(new[] { "tAS", "tDSW", "tH", "tAH" }));
    }

    [Test]
    public void PNG_holds_the_rendered_pixels_and_glyphs_match_the_font()
    {
        var (lcd, bus, _) = Create();
        Initialise8(bus);
        bus.Text("A");
        var panel = lcd.Panel(bus.Cycle);
        var image = LcdPngRenderer.RenderPixels(panel, scale: 2);
        for (int row = 0; row < 8; row++)
        for (int dot = 0; dot < 5; dot++)
        {
            var (x, y) = LcdPngRenderer.DotOrigin(0, 0, row, dot, scale: 2);
            bool dark = image.Rgb[(y * image.Width + x) * 3] < 0x60;
            bool expected = (FontA00.Row((byte)'A', row) >> (4 - dot) & 1) != 0;
            Assert.That(dark, Is.EqualTo(expected), $"row {row} dot {dot}");
        }

        byte[] png = LcdPngRenderer.RenderPng(panel, scale: 2);
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        var pixels = PngTestDecoder.DecodeRgb(png, out int width, out int height);
        Assert.Multiple(() =>
        {
            Assert.That((width, height), Is.EqualTo((image.Width, image.Height)));
            Assert.That(pixels, Is.EqualTo(image.Rgb));
        });
    }

    [Test]
    public void A00_font_has_the_datasheet_shapes_for_spot_checks()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, 8).Select(r => FontA00.Row((byte)'A', r)), Is.EqualTo(new byte[] { 0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x00 }));
            Assert.That(FontA00.Row((byte)'L', 0), Is.EqualTo(0x10), "leftmost dot is bit 4");
            Assert.That(FontA00.Row(0xFF, 7), Is.EqualTo(0x1F));
            Assert.That(LcdTextRenderer.ToChar(0x5C), Is.EqualTo('¥'));
            Assert.That(LcdTextRenderer.ToChar(0xB1), Is.EqualTo('ｱ'));
            Assert.That(LcdTextRenderer.ToChar(0xDF), Is.EqualTo('ﾟ'));
            Assert.That(LcdTextRenderer.ToChar(0xDF + 1), Is.EqualTo('α'));
        });
    }
}
