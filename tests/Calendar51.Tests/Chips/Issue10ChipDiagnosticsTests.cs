using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Chips;

/// <summary>Issue 10 §3: false or noisy diagnostics fixed and missing ones added, at chip level.</summary>
public class Issue10ChipDiagnosticsTests
{
    private static readonly MachineClock TwelveMHz = new(12_000_000); // 1 µs per cycle

    // ---- HD44780

    [Test]
    public void Prechin_four_bit_start_0x32_then_0x28_ends_initialisation_without_an_init_warning()
    {
        var diagnostics = new Diagnostics();
        var lcd = new Hd44780(TwelveMHz, diagnostics);
        var bus = new LcdBus(lcd, 20_000);
        // LcdWriteCom(0x32) in the 4-bit style: high nibble, then low nibble moved up, DB0–DB3 following P0.
        bus.Pulse(false, 0x32); bus.Wait(5_000);   // 8-bit function set 0011: stays 8-bit
        bus.Pulse(false, 0x20); bus.Wait(5_000);   // 8-bit function set 0010: DL = 0, now 4-bit
        bus.FourBit = true;
        bus.Instruction(0x28, 5_000);               // 4-bit, 2 lines: the datasheet's Table 12 function set
        bus.Instruction(0x0C, 5_000);
        bus.Instruction(0x06, 5_000);
        bus.Instruction(0x01, 5_000);
        bus.Instruction(0x80, 5_000);
        bus.Text("HI", 5_000);
        Assert.That(diagnostics.Snapshot(), Is.Empty, string.Join("\n", diagnostics.Snapshot()));
        Assert.Multiple(() =>
        {
            Assert.That(lcd.EightBitInterface, Is.False);
            Assert.That(lcd.TwoLines, Is.True);
            Assert.That(Lines(lcd, bus.Cycle)[0].TrimEnd(), Is.EqualTo("HI"));
        });
        // The 0x28 fixed N: a later function set changing N is reported and not executed, as the datasheet says.
        bus.Instruction(0x20, 5_000);
        Assert.That(lcd.TwoLines, Is.True);
        Assert.That(diagnostics.Snapshot().Single().Rule, Is.EqualTo("function set"));
    }

    [Test]
    public void Init_warning_says_what_the_model_then_does()
    {
        var diagnostics = new Diagnostics();
        var lcd = new Hd44780(TwelveMHz, diagnostics);
        var bus = new LcdBus(lcd, 20_000);
        bus.Instruction(0x30, 5_000);
        bus.Instruction(0x30, 200);
        bus.Instruction(0x30);
        bus.Instruction(0x04);                       // dotnet/iot's entry mode before its function set
        var init = diagnostics.Snapshot().Single();
        Assert.That(init.Rule, Is.EqualTo("init"));
        Assert.That(init.Detail, Does.Contain("the next function set in 8-bit mode will still set N and F"));
        bus.Instruction(0x38);
        Assert.That(lcd.TwoLines, Is.True, "as the warning said");
    }

    [Test]
    public void Rs_changing_while_e_has_been_high_since_power_on_is_info_and_later_a_warning()
    {
        var diagnostics = new Diagnostics();
        var lcd = new Hd44780(TwelveMHz, diagnostics);
        // Power-on levels: every port pin high (E, RS, R/W).
        lcd.SetE(true, 0); lcd.SetRs(true, 0); lcd.SetRw(true, 0);
        diagnostics.Clear();
        lcd.SetRs(false, 20_000);                    // the program's first access, E still high
        var first = diagnostics.Snapshot().Single();
        Assert.Multiple(() =>
        {
            Assert.That((first.Rule, first.Severity), Is.EqualTo(("tAH", DiagnosticSeverity.Info)));
            Assert.That(first.Detail, Does.Contain("since power-on").And.Contain("harmless"));
        });
        lcd.SetE(false, 20_001);
        lcd.SetE(true, 20_002);
        lcd.SetRs(true, 20_003);
        var second = diagnostics.Snapshot().Last();
        Assert.That((second.Rule, second.Severity, second.Detail), Is.EqualTo(("tAH", DiagnosticSeverity.Warning, "RS changed while E is high")));
    }

    private static string[] Lines(Hd44780 lcd, long cycle) => Emulator.Chips.Lcd.LcdTextRenderer.RenderLines(lcd.Panel(cycle)).ToArray();

    // ---- DS1302

    private static (Ds1302 Chip, Ds1302Bus Bus, Diagnostics Diagnostics) Rtc()
    {
        var diagnostics = new Diagnostics();
        var chip = new Ds1302(TwelveMHz, diagnostics, new Ds1302Options { FirstPowerClockHalted = false, FirstPowerWriteProtected = false });
        return (chip, new Ds1302Bus(chip), diagnostics);
    }

    [Test]
    public void A_transfer_clocked_with_ce_high_since_power_up_is_reported()
    {
        var (chip, bus, diagnostics) = Rtc();
        chip.SetCe(true, 0);                         // the port pin's power-up level
        chip.PowerUpLevelsSettled();
        bus.WriteByte(0x8E);                         // no CE low-high first
        bus.WriteByte(0x00);
        var report = diagnostics.Snapshot().Single();
        Assert.Multiple(() =>
        {
            Assert.That((report.Rule, report.Severity), Is.EqualTo(("CE", DiagnosticSeverity.Warning)));
            Assert.That(report.Detail, Does.Contain("without a CE rising edge"));
        });
        diagnostics.Clear();
        bus.WriteRegister(0x80, 0x00);               // CE low, then high: a proper transfer
        Assert.That(diagnostics.Snapshot(), Is.Empty);
    }

    [Test]
    public void A_chip_whose_ce_was_low_at_power_up_reports_nothing()
    {
        var (chip, bus, diagnostics) = Rtc();
        chip.SetCe(false, 0);
        chip.PowerUpLevelsSettled();
        bus.WriteRegister(0x8E, 0x00);
        Assert.That(diagnostics.Snapshot(), Is.Empty);
    }

    [Test]
    public void A_new_command_clocked_into_a_read_without_ce_falling_is_reported()
    {
        var (_, bus, diagnostics) = Rtc();
        bus.WriteRegister(0x80, 0x59);               // seconds 59: the read sends ones
        bus.Begin();
        bus.WriteByte(0x81);
        bus.ReadByte();
        bus.WriteByte(0x82);                         // next command, CE still high: the chip is still sending
        bus.End();
        var report = diagnostics.Snapshot().Single(d => d.Rule == "IO");
        Assert.That(report.Detail, Does.Contain("without CE falling and rising"));
    }

    [TestCase(0x80, 0x5A, "seconds register written with 5A")]
    [TestCase(0x82, 0x60, "minutes register written with 60")]
    [TestCase(0x84, 0x24, "hour register written with 24")]
    [TestCase(0x84, 0x93, "hour register written with 93")]  // 12-hour mode, hour 13
    [TestCase(0x86, 0x00, "date register written with 00")]
    [TestCase(0x88, 0x13, "month register written with 13")]
    [TestCase(0x8A, 0x00, "day register written with 00")]
    [TestCase(0x8C, 0xA0, "year register written with A0")]
    public void A_non_bcd_or_out_of_range_time_value_is_reported_with_what_the_chip_does(int command, int value, string start)
    {
        var (_, bus, diagnostics) = Rtc();
        bus.WriteRegister((byte)command, (byte)value);
        var report = diagnostics.Snapshot().Single();
        Assert.Multiple(() =>
        {
            Assert.That((report.Rule, report.Severity), Is.EqualTo(("BCD", DiagnosticSeverity.Warning)));
            Assert.That(report.Detail, Does.StartWith(start).And.Contain("the chip stores").And.Contain("rolls the register over at its next increment"));
        });
    }

    [Test]
    public void Seconds_5A_roll_over_at_the_next_second_as_the_report_says()
    {
        var (chip, bus, diagnostics) = Rtc();
        bus.WriteRegister(0x82, 0x10);
        bus.WriteRegister(0x80, 0x5A);
        Assert.That(diagnostics.Snapshot().Single().Detail, Does.Contain("stores 5A"));
        var registers = chip.ReadClockRegisters(bus.Cycle + 1_000_000);
        Assert.That((registers[0], registers[1]), Is.EqualTo(((byte)0x00, (byte)0x11)));
    }

    [Test]
    public void Valid_bcd_values_and_a_full_clock_burst_raise_nothing()
    {
        var (_, bus, diagnostics) = Rtc();
        bus.WriteRegister(0x84, 0x92);               // 12-hour mode, 12 AM
        bus.WriteRegister(0x84, 0x23);
        bus.Begin();
        foreach (byte b in new byte[] { 0xBE, 0x59, 0x59, 0x23, 0x31, 0x12, 0x07, 0x99, 0x00 }) bus.WriteByte(b);
        bus.End();
        Assert.That(diagnostics.Snapshot(), Is.Empty, string.Join("\n", diagnostics.Snapshot()));
        bus.Begin();
        foreach (byte b in new byte[] { 0xBE, 0x00, 0x00, 0x00, 0x32, 0x01, 0x01, 0x25, 0x00 }) bus.WriteByte(b);
        bus.End();
        Assert.That(diagnostics.Snapshot().Single().Detail, Does.StartWith("date register written with 32"));
    }
}
