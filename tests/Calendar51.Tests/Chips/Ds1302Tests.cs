using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Chips;

public class Ds1302Tests
{
    private static readonly MachineClock TwelveMHz = new(12_000_000); // 1 µs machine cycle
    private const long OneSecond = 1_000_000;

    private static (Ds1302 Chip, Ds1302Bus Bus, Diagnostics Diagnostics) Create(Ds1302Options? options = null, MachineClock? clock = null)
    {
        var diagnostics = new Diagnostics();
        var chip = new Ds1302(clock ?? TwelveMHz, diagnostics, options ?? new Ds1302Options { FirstPowerClockHalted = false, FirstPowerWriteProtected = false });
        return (chip, new Ds1302Bus(chip), diagnostics);
    }

    [Test]
    public void First_power_state_is_configurable_and_defaults_to_halted_and_protected()
    {
        var chip = new Ds1302(TwelveMHz, new Diagnostics(), new Ds1302Options { FirstPowerRamFill = 0xA5 });
        Assert.Multiple(() =>
        {
            Assert.That(chip.IsHalted, Is.True);
            Assert.That(chip.IsWriteProtected, Is.True);
            Assert.That(chip.Ram.ToArray(), Is.All.EqualTo(0xA5));
            Assert.That(chip.TrickleCharger.Enabled, Is.False);
            Assert.That(chip.ReadClockRegisters(10 * OneSecond)[0], Is.EqualTo(0x80), "a halted clock stands still");
        });
    }

    [Test]
    public void Written_registers_read_back_through_the_pins()
    {
        var (chip, bus, diagnostics) = Create();
        bus.WriteRegister(0x8E, 0x00);
        bus.WriteRegister(0x84, 0x13);
        bus.WriteRegister(0x82, 0x45);
        bus.WriteRegister(0x80, 0x30);
        bus.WriteRegister(0xC0 + 2 * 30, 0x5A);
        Assert.Multiple(() =>
        {
            Assert.That(bus.ReadRegister(0x85), Is.EqualTo(0x13));
            Assert.That(bus.ReadRegister(0x83), Is.EqualTo(0x45));
            Assert.That(bus.ReadRegister(0x81), Is.EqualTo(0x30));
            Assert.That(bus.ReadRegister(0xFD), Is.EqualTo(0x5A), "RAM byte 30");
            Assert.That(chip.Ram[30], Is.EqualTo(0x5A));
            Assert.That(diagnostics.Snapshot(), Is.Empty);
        });
    }

    [Test]
    public void IO_is_driven_only_after_falling_edges_of_a_read_and_released_otherwise()
    {
        var (chip, bus, _) = Create();
        chip.SetDateTime(new DateTime(2024, 2, 10, 23, 59, 0), 0);
        bus.Begin();
        bus.WriteByte(0x81);
        // WriteByte ends with the first falling edge after the command: bit 0 of seconds (0) is out.
        Assert.That(chip.IoDrive, Is.EqualTo(PinDrive.Low));
        bus.Sclk(true);
        Assert.That(chip.IoDrive, Is.EqualTo(PinDrive.None), "released at the rising edge");
        bus.Sclk(false);
        Assert.That(chip.IoDrive, Is.EqualTo(PinDrive.Low), "bit 1 of 0x00");
        bus.End();
        Assert.That(chip.IoDrive, Is.EqualTo(PinDrive.None), "CE low tri-states IO");
    }

    [Test]
    public void Time_comes_from_virtual_time_with_rollover_to_the_next_day_and_weekday()
    {
        var (chip, bus, _) = Create();
        chip.SetDateTime(new DateTime(2024, 2, 10, 23, 59, 58), 0, dayOfWeek: 6);
        bus.Wait(2 * OneSecond);
        bus.Begin();
        bus.WriteByte(0xBF);
        var registers = new byte[8];
        for (int i = 0; i < 8; i++) registers[i] = bus.ReadByte();
        bus.End();
        Assert.That(registers, Is.EqualTo(new byte[] { 0x00, 0x00, 0x00, 0x11, 0x02, 0x07, 0x24, 0x00 }));
    }

    [TestCase(0x91, 0x59, 0x59, 0xB2, 0x00, 0x00)] // 11:59:59 AM → 12:00:00 PM
    [TestCase(0xB1, 0x59, 0x59, 0x80 | 0x12, 0x00, 0x00)] // 11:59:59 PM → 12:00:00 AM (next day)
    [TestCase(0x92, 0x59, 0x59, 0x81, 0x00, 0x00)] // 12:59:59 AM → 1:00:00 AM
    [TestCase(0xB2, 0x59, 0x59, 0xA1, 0x00, 0x00)] // 12:59:59 PM → 1:00:00 PM
    [TestCase(0x19, 0x59, 0x59, 0x20, 0x00, 0x00)] // 24 h 19:59:59 → 20:00:00 (the 20 h bit)
    public void Twelve_and_24_hour_rollover(int hour, int minutes, int seconds, int expectedHour, int expectedMinutes, int expectedSeconds)
    {
        var (chip, _, _) = Create();
        chip.SetClockRegisters([(byte)seconds, (byte)minutes, (byte)hour, 0x15, 0x06, 0x03, 0x25], 0);
        byte[] after = chip.ReadClockRegisters(OneSecond);
        Assert.That(after[..3], Is.EqualTo(new[] { (byte)expectedSeconds, (byte)expectedMinutes, (byte)expectedHour }));
        bool midnight = hour == 0xB1;
        Assert.That(after[3], Is.EqualTo(midnight ? 0x16 : 0x15), "date advances only at midnight");
        Assert.That(after[5], Is.EqualTo(midnight ? 0x04 : 0x03), "day register advances only at midnight");
    }

    [TestCase(2024, 2, 28, 2024, 2, 29)]
    [TestCase(2024, 2, 29, 2024, 3, 1)]
    [TestCase(2023, 2, 28, 2023, 3, 1)]
    [TestCase(2000, 2, 28, 2000, 2, 29)]
    [TestCase(2025, 4, 30, 2025, 5, 1)]
    [TestCase(2025, 12, 31, 2026, 1, 1)]
    public void Date_rolls_over_with_leap_years(int year, int month, int day, int nextYear, int nextMonth, int nextDay)
    {
        var (chip, _, _) = Create();
        chip.SetDateTime(new DateTime(year, month, day, 23, 59, 59), 0);
        Assert.That(chip.GetDateTime(OneSecond), Is.EqualTo(new DateTime(nextYear, nextMonth, nextDay)));
    }

    [Test]
    public void Year_99_rolls_over_to_00_and_day_7_to_1()
    {
        var (chip, _, _) = Create();
        chip.SetClockRegisters([0x59, 0x59, 0x23, 0x31, 0x12, 0x07, 0x99], 0);
        Assert.That(chip.ReadClockRegisters(OneSecond)[..7], Is.EqualTo(new byte[] { 0, 0, 0, 0x01, 0x01, 0x01, 0x00 }));
    }

    [Test]
    public void Long_lazy_advances_match_calendar_arithmetic_in_both_hour_modes()
    {
        var random = new Random(1302);
        for (int trial = 0; trial < 200; trial++)
        {
            var (chip, _, _) = Create();
            var start = new DateTime(2000, 1, 1).AddSeconds(random.NextInt64(0, (long)(new DateTime(2098, 1, 1) - new DateTime(2000, 1, 1)).TotalSeconds));
            bool twelveHour = trial % 2 == 1;
            chip.SetDateTime(start, 0, twelveHour);
            long seconds = trial < 100 ? random.Next(0, 200_000) : random.NextInt64(0, 400L * 86_400);
            var expected = start.AddSeconds(seconds);
            Assert.That(chip.GetDateTime(seconds * OneSecond), Is.EqualTo(expected), $"{start:s} + {seconds} s, 12 h = {twelveHour}");
            int expectedDay = expected.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)expected.DayOfWeek;
            Assert.That(chip.ReadClockRegisters(seconds * OneSecond)[5], Is.EqualTo(expectedDay));
        }
    }

    [Test]
    public void Clock_halt_stops_time_and_writing_seconds_restarts_the_countdown_chain()
    {
        var (chip, bus, _) = Create();
        chip.SetDateTime(new DateTime(2024, 1, 1, 12, 0, 0), 0);
        bus.Wait(OneSecond * 3 / 2);
        bus.WriteRegister(0x80, 0x80 | 0x10); // halt at 10 s
        long haltedAt = bus.Cycle;
        Assert.That(chip.ReadClockRegisters(haltedAt + 100 * OneSecond)[0], Is.EqualTo(0x90));
        bus.Wait(100 * OneSecond);
        bus.WriteRegister(0x80, 0x20); // run from 20 s
        long restartedAt = bus.Cycle;
        Assert.Multiple(() =>
        {
            Assert.That(chip.ReadClockRegisters(restartedAt + OneSecond - 40)[0], Is.EqualTo(0x20), "a full second after the write, not sooner");
            Assert.That(chip.ReadClockRegisters(restartedAt + OneSecond + 40)[0], Is.EqualTo(0x21));
        });
    }

    [TestCase(0x59, 0x59)]
    [TestCase(0x80, 0x00)]
    [TestCase(0x99, 0x19)]
    public void Classic_read_idiom_drops_bit_7(int stored, int expectedRead)
    {
        var (chip, bus, _) = Create();
        chip.SetClockRegisters([(byte)stored, 0, 0, 1, 1, 1, (byte)stored], 0);
        Assert.Multiple(() =>
        {
            Assert.That(bus.ClassicRead(0x8D), Is.EqualTo(expectedRead), "year");
            Assert.That(bus.ReadRegister(0x8D), Is.EqualTo(stored), "a correct driver reads all eight bits");
        });
    }

    [Test]
    public void Extra_bytes_after_a_single_write_in_one_CE_window_are_ignored_and_reported()
    {
        var (chip, bus, diagnostics) = Create(new Ds1302Options { FirstPowerClockHalted = true, FirstPowerWriteProtected = true });
        // aFewBits initRtc: 8E 00 90 00 81 … without dropping CE between commands.
        bus.Begin();
        foreach (byte b in new byte[] { 0x8E, 0x00, 0x90, 0xA5, 0x80, 0x00 }) bus.WriteByte(b);
        bus.End();
        Assert.Multiple(() =>
        {
            Assert.That(chip.IsWriteProtected, Is.False, "the first command took effect");
            Assert.That(chip.TrickleCharger.Register, Is.EqualTo(0x00), "trickle write ignored");
            Assert.That(chip.IsHalted, Is.True, "CH write ignored");
            Assert.That(diagnostics.Snapshot().Select(d => d.Rule), Has.Some.EqualTo("protocol"));
        });
    }

    [Test]
    public void Write_protect_blocks_every_write_but_the_control_register()
    {
        var (chip, bus, diagnostics) = Create();
        chip.SetDateTime(new DateTime(2024, 5, 1, 8, 0, 0), 0);
        bus.WriteRegister(0x8E, 0x80);
        bus.WriteRegister(0x82, 0x30);
        bus.WriteRegister(0xC0, 0x77);
        bus.WriteRegister(0x90, 0xA5);
        Assert.Multiple(() =>
        {
            Assert.That(bus.ReadRegister(0x83), Is.EqualTo(0x00));
            Assert.That(chip.Ram[0], Is.EqualTo(0x00));
            Assert.That(chip.TrickleCharger.Register, Is.EqualTo(0x00));
            Assert.That(diagnostics.Snapshot().Count(d => d.Rule == "WP"), Is.EqualTo(3));
        });
        bus.WriteRegister(0x8E, 0x00);
        bus.WriteRegister(0x82, 0x30);
        Assert.Multiple(() =>
        {
            Assert.That(chip.IsWriteProtected, Is.False);
            Assert.That(bus.ReadRegister(0x83), Is.EqualTo(0x30));
            Assert.That(bus.ReadRegister(0x8F), Is.EqualTo(0x00));
        });
    }

    [Test]
    public void Clock_burst_write_needs_all_eight_bytes()
    {
        var (chip, bus, diagnostics) = Create();
        chip.SetDateTime(new DateTime(2024, 5, 1, 8, 0, 0), 0);
        bus.Begin();
        bus.WriteByte(0xBE);
        foreach (byte b in new byte[] { 0x58, 0x59, 0x23, 0x10, 0x02, 0x06, 0x24 }) bus.WriteByte(b);
        bus.End();
        Assert.That(chip.GetDateTime(bus.Cycle)!.Value.Date, Is.EqualTo(new DateTime(2024, 5, 1)), "seven bytes transfer nothing");
        Assert.That(diagnostics.Snapshot().Select(d => d.Rule), Has.Some.EqualTo("burst"));

        // nanoFramework-style SetTime image: 58 59 23 10 02 06 24 80.
        bus.Begin();
        bus.WriteByte(0xBE);
        foreach (byte b in new byte[] { 0x58, 0x59, 0x23, 0x10, 0x02, 0x06, 0x24, 0x80 }) bus.WriteByte(b);
        bus.End();
        Assert.That(chip.ReadClockRegisters(bus.Cycle), Is.EqualTo(new byte[] { 0x58, 0x59, 0x23, 0x10, 0x02, 0x06, 0x24, 0x80 }));

        // Now WP is set: a further full burst transfers nothing, not even the control register.
        bus.Begin();
        bus.WriteByte(0xBE);
        foreach (byte b in new byte[] { 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00 }) bus.WriteByte(b);
        bus.End();
        Assert.That(chip.ReadClockRegisters(bus.Cycle)[3..], Is.EqualTo(new byte[] { 0x10, 0x02, 0x06, 0x24, 0x80 }));
    }

    [Test]
    public void Clock_burst_read_is_a_consistent_snapshot_taken_at_CE_rise()
    {
        var (chip, bus, _) = Create();
        chip.SetDateTime(new DateTime(2024, 5, 1, 8, 59, 59), 0);
        bus.Wait(OneSecond - 20);
        bus.Begin();
        bus.WriteByte(0xBF);
        byte seconds = bus.ReadByte();
        bus.Wait(OneSecond); // the counters roll over to 09:00:00 meanwhile
        byte minutes = bus.ReadByte();
        byte hour = bus.ReadByte();
        bus.End();
        Assert.That(new[] { seconds, minutes, hour }, Is.EqualTo(new byte[] { 0x59, 0x59, 0x08 }));
    }

    [Test]
    public void Extra_clocks_after_a_read_retransmit_the_byte_and_bursts_wrap()
    {
        var (chip, bus, _) = Create();
        for (int i = 0; i < Ds1302.RamSize; i++) chip.SetRam(i, (byte)(0x40 + i));
        bus.Begin();
        bus.WriteByte(0xC7); // RAM 3 read
        byte[] single = [bus.ReadByte(), bus.ReadByte(), bus.ReadByte()];
        bus.End();
        bus.Begin();
        bus.WriteByte(0xFF); // RAM burst read
        var burst = new byte[33];
        for (int i = 0; i < burst.Length; i++) burst[i] = bus.ReadByte();
        bus.End();
        Assert.Multiple(() =>
        {
            Assert.That(single, Is.All.EqualTo(0x43));
            Assert.That(burst[..31], Is.EqualTo(Enumerable.Range(0x40, 31).Select(b => (byte)b).ToArray()));
            Assert.That(burst[31..], Is.EqualTo(new byte[] { 0x40, 0x41 }), "wraps to RAM 0");
        });
    }

    [Test]
    public void RAM_burst_write_transfers_each_byte_so_partial_bursts_count()
    {
        var (chip, bus, _) = Create();
        bus.Begin();
        bus.WriteByte(0xFE);
        bus.WriteByte(0x55);
        bus.WriteByte(0xAA);
        bus.End();
        Assert.That(chip.Ram[..3].ToArray(), Is.EqualTo(new byte[] { 0x55, 0xAA, 0x00 }));
    }

    [Test]
    public void Traffic_while_CE_is_low_is_ignored()
    {
        var (chip, bus, _) = Create();
        chip.SetDateTime(new DateTime(2024, 5, 1, 8, 0, 0), 0);
        bus.Ce(false);
        bus.WriteByte(0x80); // what a 74HC595 on the shared pins would see
        bus.WriteByte(0x80);
        bus.WriteByte(0x81);
        bus.WriteByte(0x00);
        Assert.Multiple(() =>
        {
            Assert.That(chip.IsHalted, Is.False);
            Assert.That(chip.IoDrive, Is.EqualTo(PinDrive.None));
        });
        Assert.That(bus.ReadRegister(0x83), Is.EqualTo(0x00), "the next real transfer starts cleanly");
    }

    [Test]
    public void A_command_byte_without_bit_7_is_not_a_command()
    {
        var (chip, bus, diagnostics) = Create();
        bus.WriteRegister(0x40, 0x12); // would be RAM 0 write if bit 7 were set
        Assert.That(chip.Ram[0], Is.EqualTo(0x00));
        Assert.That(diagnostics.Snapshot().Select(d => d.Rule), Has.Some.EqualTo("command"));
    }

    [Test]
    public void Trickle_register_decodes_diodes_and_resistor()
    {
        var (chip, bus, _) = Create();
        bus.WriteRegister(0x90, 0xA5);
        Assert.That(bus.ReadRegister(0x91), Is.EqualTo(0xA5));
        Assert.That(chip.TrickleCharger, Is.EqualTo(new Ds1302TrickleCharger(0xA5)));
        Assert.Multiple(() =>
        {
            Assert.That(chip.TrickleCharger.Enabled, Is.True);
            Assert.That(chip.TrickleCharger.Diodes, Is.EqualTo(1));
            Assert.That(chip.TrickleCharger.ResistorOhms, Is.EqualTo(2_000));
            Assert.That(new Ds1302TrickleCharger(0x5A).Enabled, Is.False, "TCS must be 1010");
            Assert.That(new Ds1302TrickleCharger(0xAC).Enabled, Is.False, "RS 00 is off");
        });
    }

    [Test]
    public void Timing_at_a_12T_12MHz_part_meets_the_5V_limits_even_with_back_to_back_edges()
    {
        var (_, bus, diagnostics) = Create();
        bus.WriteRegister(0xC0, 0x01);
        bus.ReadRegister(0xC1);
        bus.Ce(false);
        bus.Ce(true); // SETB CE right after CLR CE: tCWH = 1 µs
        bus.Sclk(true); // SETB SCLK right after SETB CE: tCC = 1 µs
        bus.Sclk(false);
        bus.Sclk(true);
        bus.Ce(false);
        Assert.That(diagnostics.Snapshot().Where(d => d.Rule.StartsWith('t') || d.Rule == "fCLK"), Is.Empty);
    }

    [Test]
    public void Timing_violations_are_reported_not_thrown()
    {
        // 96 MHz crystal: 125 ns per machine cycle, like a fast 1T part without waits.
        var (_, bus, diagnostics) = Create(clock: new MachineClock(96_000_000));
        bus.WriteRegister(0xC0, 0x01);
        bus.WriteRegister(0xC2, 0x02);
        bus.Begin();
        bus.Sclk(true);
        bus.Sclk(false);
        bus.Sclk(true); // low for one 125 ns cycle
        bus.End();
        var rules = diagnostics.Snapshot().Select(d => d.Rule).Distinct().ToArray();
        Assert.That(rules, Is.SupersetOf(new[] { "tCC", "tCWH", "tCL", "tCH", "fCLK" }));
        var tcc = diagnostics.Snapshot().Last(d => d.Rule == "tCC");
        Assert.Multiple(() =>
        {
            Assert.That(tcc.Chip, Is.EqualTo("DS1302"));
            Assert.That(tcc.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(tcc.Detail, Does.Contain("125 ns < 1000 ns"), "SETB SCLK one cycle after SETB CE");
            Assert.That(tcc.VirtualTime, Is.EqualTo(TimeSpan.FromTicks(tcc.Cycle * 125 / 100)));
        });
    }

    [Test]
    public void Two_volt_limits_are_stricter()
    {
        var (_, bus, diagnostics) = Create(new Ds1302Options { Supply = Ds1302Supply.TwoVolts, FirstPowerClockHalted = false, FirstPowerWriteProtected = false });
        bus.WriteRegister(0xC0, 0x01);
        var tcc = diagnostics.Snapshot().First(d => d.Rule == "tCC");
        Assert.That(tcc.Detail, Does.Contain("2000 ns < 4000 ns"));
    }

    [Test]
    public void Diagnostics_carry_the_location_the_board_provides()
    {
        var (_, bus, diagnostics) = Create(clock: new MachineClock(96_000_000));
        diagnostics.LocationProvider = () => "PC=0123";
        bus.WriteRegister(0xC0, 0x01);
        Assert.That(diagnostics.Snapshot()[0].Location, Is.EqualTo("PC=0123"));
        Assert.That(diagnostics.Snapshot()[0].ToString(), Does.Contain("PC=0123"));
    }
}
