using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;

namespace Calendar51.Tests.Board;

/// <summary>Board files are strict: every part option, pull-up and crystal is parsed and range-checked at load (issue 10 §4).</summary>
public class BoardOptionTests
{
    private const string Header = "board test \"Test board\"\nmcu stc89c52rc 12MHz\n";
    private const string RtcWires = "wire P3.5 rtc.CE\nwire P3.6 rtc.SCLK\nwire P3.4 rtc.IO\n";

    private static string Rejected(string text) => Assert.Throws<BoardFormatException>(() => BoardFile.Parse(text, "t.board"))!.Message;

    [TestCase("bounce=banana")]
    [TestCase("bounce=-5ms")]
    [TestCase("bounce=5")]
    [TestCase("bounce=150ms")]
    public void Key_bounce_must_be_a_duration_from_0_to_100ms(string option)
    {
        Assert.That(Rejected(Header + $"part K1 key {option}\nwire P3.1 K1.A\n"),
            Is.EqualTo($"t.board:3: {option}: expected a duration from 0 to 100ms (e.g. 5ms, 0 for a clean contact)"));
    }

    [TestCase("bounce=0", 0)]
    [TestCase("bounce=1.5ms", 1.5)]
    [TestCase("bounce=100ms", 100)]
    public void Key_bounce_in_range_reaches_the_key(string option, double milliseconds)
    {
        var board = new VirtualBoard(BoardFile.Parse(Header + $"part K1 key {option}\nwire P3.1 K1.A\n", "t.board"));
        Assert.That(board.Key("K1").Options.Bounce, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Test]
    public void Buzzer_active_level_is_low_or_high()
    {
        Assert.That(Rejected(Header + "part bz buzzer active=sideways\nwire P1.5 bz.IN\n"),
            Is.EqualTo("t.board:3: active=sideways: expected low or high: the level at which it sounds"));
        var board = new VirtualBoard(BoardFile.Parse(Header + "part bz buzzer active=high\nwire P1.5 bz.IN\n", "t.board"));
        Assert.That(board.Buzzer!.IsOn, Is.True, "P1.5 is high after reset: an active-high buzzer sounds");
    }

    [Test]
    public void Unknown_options_are_refused_naming_what_the_kind_takes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rejected(Header + "part lcd lcd1602 colour=blue\n"), Is.EqualTo("t.board:3: unknown option 'colour' for lcd1602: it takes no options"));
            Assert.That(Rejected(Header + "part K1 key colour=blue\n"), Is.EqualTo("t.board:3: unknown option 'colour' for key (options: bounce)"));
            Assert.That(Rejected(Header + "part rtc ds1302 colour=blue\n"), Is.EqualTo("t.board:3: unknown option 'colour' for ds1302 (options: crystal, halted, wp)"));
            Assert.That(Rejected(Header + "part usb serial baud=9600\n"), Is.EqualTo("t.board:3: unknown option 'baud' for serial: it takes no options"));
            Assert.That(Rejected(Header + "part K1 key bounce=5ms bounce=6ms\n"), Is.EqualTo("t.board:3: option 'bounce' is given twice"));
        });
    }

    [TestCase("crystal=banana")]
    [TestCase("crystal=32kHz")]
    [TestCase("crystal=12MHz")]
    [TestCase("crystal=32.768kHz+2000ppm")]
    [TestCase("crystal=32.768kHz+ppm")]
    [TestCase("halted=maybe")]
    [TestCase("wp=1")]
    public void Ds1302_options_are_checked(string option)
    {
        Assert.That(Rejected(Header + $"part rtc ds1302 {option}\n" + RtcWires), Does.StartWith($"t.board:3: {option}: expected "));
    }

    [TestCase("banana")]
    [TestCase("-10k")]
    [TestCase("10")]
    [TestCase("10G")]
    [TestCase("99999999999999999999k")]
    public void Pull_up_must_be_a_resistance(string value)
    {
        Assert.That(Rejected(Header + $"pullup P0.0-P0.7 {value}\n"),
            Is.EqualTo($"t.board:3: pull-up '{value}' is not a resistance from 100 Ω to 1 MΩ (e.g. 10k, 4.7k, 4k7)"));
    }

    [TestCase("10k")]
    [TestCase("4.7k")]
    [TestCase("4k7")]
    [TestCase("1M")]
    [TestCase("470")]
    public void Pull_up_values_people_write_are_accepted(string value)
    {
        Assert.That(BoardFile.Parse(Header + $"pullup P0.0 {value}\n", "t.board").PullUps.Single().Value, Is.EqualTo(value));
    }

    [TestCase("stc89c52rc", "99999999999999999999MHz", "crystal 99999999999999999999MHz is out of range for a stc89c52rc: 1 kHz to 40 MHz")]
    [TestCase("at89c51", "33MHz", "crystal 33MHz is out of range for a at89c51: 1 kHz to 24 MHz")]
    [TestCase("at89s52", "40MHz", "crystal 40MHz is out of range for a at89s52: 1 kHz to 33 MHz")]
    [TestCase("8051", "100Hz", "crystal 100Hz is out of range for a 8051: 1 kHz to 40 MHz")]
    [TestCase("8051", "11.0592505MHz", "crystal 11.0592505MHz is not a whole number of Hz")]
    [TestCase("8051", "1e9Hz", "'1e9Hz' is not a frequency (e.g. 12MHz, 11.0592MHz)")]
    [TestCase("8051", "999999999999999999999999999999999MHz", "'999999999999999999999999999999999MHz' is not a frequency (e.g. 12MHz, 11.0592MHz)")]
    public void Mcu_crystal_must_be_in_the_parts_range(string part, string crystal, string problem)
    {
        Assert.That(Rejected($"board t\nmcu {part} {crystal}\n"), Is.EqualTo("t.board:2: " + problem));
    }

    [Test]
    public void Ds1302_crystal_off_by_100_ppm_gains_8_64_seconds_a_day()
    {
        static DateTime? AfterOneDay(string crystal)
        {
            var board = new VirtualBoard(BoardFile.Parse(Header + $"part rtc ds1302 crystal={crystal} halted=false\n" + RtcWires, "t.board"));
            board.Rtc!.SetDateTime(new DateTime(2025, 1, 1), 0);
            return board.Rtc.GetDateTime(board.Clock.CyclesIn(TimeSpan.FromDays(1)));
        }
        Assert.Multiple(() =>
        {
            Assert.That(AfterOneDay("32.768kHz"), Is.EqualTo(new DateTime(2025, 1, 2)));
            Assert.That(AfterOneDay("32.768kHz+100ppm"), Is.EqualTo(new DateTime(2025, 1, 2, 0, 0, 8)), "86 400 s × 100 ppm = 8.64 s fast");
            Assert.That(AfterOneDay("32768Hz-100ppm"), Is.EqualTo(new DateTime(2025, 1, 1, 23, 59, 51)), "8.64 s slow");
            Assert.That(AfterOneDay("32771.2768Hz"), Is.EqualTo(new DateTime(2025, 1, 2, 0, 0, 8)), "the same crystal written as its frequency");
        });
    }

    [Test]
    public void Ds1302_first_power_up_state_comes_from_the_board()
    {
        var byDefault = new VirtualBoard(BoardFile.Parse(Header + "part rtc ds1302\n" + RtcWires, "t.board")).Rtc!;
        var running = new VirtualBoard(BoardFile.Parse(Header + "part rtc ds1302 halted=false wp=false\n" + RtcWires, "t.board")).Rtc!;
        var mixed = new VirtualBoard(BoardFile.Parse(Header + "part rtc ds1302 halted=true wp=false\n" + RtcWires, "t.board")).Rtc!;
        Assert.Multiple(() =>
        {
            Assert.That((byDefault.IsHalted, byDefault.IsWriteProtected), Is.EqualTo((true, true)));
            Assert.That((running.IsHalted, running.IsWriteProtected), Is.EqualTo((false, false)));
            Assert.That((mixed.IsHalted, mixed.IsWriteProtected), Is.EqualTo((true, false)));
        });
    }

    [Test]
    public void Every_shipped_board_still_loads()
    {
        foreach (var path in Directory.GetFiles(RepositoryFiles.Schematics, "*.board"))
            Assert.DoesNotThrow(() => BoardFile.Load(path), path);
    }
}
