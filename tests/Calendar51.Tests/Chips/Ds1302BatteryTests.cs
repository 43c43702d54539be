using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Chips;

public class Ds1302BatteryTests
{
    private static readonly MachineClock Clock = new(11_059_200);

    [Test]
    public void Saved_state_restores_time_RAM_trickle_and_the_subsecond_phase()
    {
        var first = new Ds1302(Clock, new Diagnostics(), new Ds1302Options { FirstPowerClockHalted = false, FirstPowerWriteProtected = false });
        first.SetDateTime(new DateTime(2024, 2, 10, 23, 59, 58), 0);
        first.SetRam(0, 0x55);
        first.SetRam(30, 0xAA);
        long saveCycle = Clock.CyclesIn(TimeSpan.FromMilliseconds(1_500));
        string path = Path.Combine(Path.GetTempPath(), $"ds1302-{Guid.NewGuid():N}.battery");
        try
        {
            first.CaptureBattery(saveCycle).Save(path);
            var second = new Ds1302(Clock, new Diagnostics());
            second.RestoreBattery(Ds1302Battery.Load(path), 0);
            Assert.Multiple(() =>
            {
                Assert.That(second.GetDateTime(0), Is.EqualTo(new DateTime(2024, 2, 10, 23, 59, 59)));
                Assert.That(second.GetDateTime(Clock.CyclesIn(TimeSpan.FromMilliseconds(499))), Is.EqualTo(new DateTime(2024, 2, 10, 23, 59, 59)));
                Assert.That(second.GetDateTime(Clock.CyclesIn(TimeSpan.FromMilliseconds(501))), Is.EqualTo(new DateTime(2024, 2, 11)));
                Assert.That(second.Ram[0], Is.EqualTo(0x55));
                Assert.That(second.Ram[30], Is.EqualTo(0xAA));
                Assert.That(second.IsHalted, Is.False);
                Assert.That(second.IsWriteProtected, Is.False);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Time_spent_unpowered_is_added_only_when_the_caller_says_so()
    {
        var chip = new Ds1302(Clock, new Diagnostics(), new Ds1302Options { FirstPowerClockHalted = false });
        chip.SetDateTime(new DateTime(2024, 12, 31, 12, 0, 0), 0);
        chip.AdvanceWhileUnpowered(TimeSpan.FromDays(1.5));
        Assert.That(chip.GetDateTime(0), Is.EqualTo(new DateTime(2025, 1, 2)));
    }

    [Test]
    public void Format_is_readable_text()
    {
        var state = new Ds1302Battery([0x58, 0x59, 0x23, 0x10, 0x02, 0x06, 0x24, 0x80], 0xA5, new byte[31], 42);
        string text = state.Format();
        Assert.That(text, Does.StartWith(Ds1302Battery.Header + "\n"));
        Assert.That(text, Does.Contain("clock = 58 59 23 10 02 06 24 80\n"));
        var parsed = Ds1302Battery.Parse(text, "x");
        Assert.Multiple(() =>
        {
            Assert.That(parsed.ClockRegisters, Is.EqualTo(state.ClockRegisters));
            Assert.That(parsed.Trickle, Is.EqualTo(0xA5));
            Assert.That(parsed.Ram, Is.EqualTo(state.Ram));
            Assert.That(parsed.SubsecondTicks, Is.EqualTo(42));
        });
    }

    [TestCase("hello\n", "rtc.battery:1: not a DS1302 battery file")]
    [TestCase(Ds1302Battery.Header + "\nclock = 00 00\n", "rtc.battery:2: clock needs 8 hex byte(s), got 2")]
    [TestCase(Ds1302Battery.Header + "\nclock = 00 00 00 00 00 00 00 ZZ\n", "rtc.battery:2: clock byte 8 \"ZZ\" is not a two-digit hex byte")]
    [TestCase(Ds1302Battery.Header + "\n\nvolume = 11\n", "rtc.battery:3: unknown key \"volume\"")]
    [TestCase(Ds1302Battery.Header + "\njunk\n", "rtc.battery:2: expected \"key = value\"")]
    [TestCase(Ds1302Battery.Header + "\nsubsecond = -1\n", "rtc.battery:2: subsecond must be 0–32767")]
    [TestCase(Ds1302Battery.Header + "\ntrickle = 00\n", "rtc.battery: missing \"clock = …\" line")]
    public void Corrupt_files_fail_with_file_and_line(string text, string expectedMessage)
    {
        var error = Assert.Throws<FormatException>(() => Ds1302Battery.Parse(text, "rtc.battery"));
        Assert.That(error!.Message, Does.StartWith(expectedMessage));
    }

    [Test]
    public void Unreadable_file_names_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.battery");
        var error = Assert.Throws<FormatException>(() => Ds1302Battery.Load(path));
        Assert.That(error!.Message, Does.StartWith(path + ": no such file"));
    }

    [Test]
    public void Out_of_range_subsecond_is_rejected_on_restore()
    {
        var chip = new Ds1302(Clock, new Diagnostics());
        var state = new Ds1302Battery(new byte[8], 0, new byte[31], 32_768);
        Assert.Throws<ArgumentException>(() => chip.RestoreBattery(state, 0));
    }
}
