using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using static Calendar51.Tests.Board.BoardPrograms;

namespace Calendar51.Tests.Board;

/// <summary>
/// DS1302 cross-check with two independent C drivers compiled by SDCC and run on the emulated CPU
/// with the board's wiring: the widely copied kit driver (ds1302.md §9.1) and a datasheet-style one.
/// </summary>
public class Ds1302DriverTests
{
    private static readonly string[] KitPins = [];
    private static readonly string[] Kst51Pins = ["DS_IO=P3_4", "DS_SCLK=P3_5", "DS_CE=P1_7"];

    private static IEnumerable<TestCaseData> Boards()
    {
        yield return new TestCaseData("prechin-a2", KitPins).SetArgDisplayNames("prechin-a2 12 MHz");
        yield return new TestCaseData("kst-51", Kst51Pins).SetArgDisplayNames("kst-51 11.0592 MHz");
    }

    [TestCaseSource(nameof(Boards))]
    public void Kit_style_driver_loses_bit_7_of_every_byte_read_and_sets_the_time(string boardName, string[] pins)
    {
        var board = Start(ShippedBoard(boardName), Compile("ds1302_kit_style.c", pins));
        var rtc = board.Rtc!;
        // 2085 (year 85: bit 7 set), 12-hour mode 1 PM (hour A1h), WP on, RAM 0 = 9Ch.
        rtc.SetDateTime(new DateTime(2085, 6, 15, 13, 45, 30), 0, twelveHour: true);
        rtc.SetRam(0, 0x9C);
        byte[] expected = [.. rtc.ReadClockRegisters(0), rtc.TrickleCharger.Register, rtc.Ram[0]];
        Assert.That(expected[2], Is.EqualTo(0xA1));
        Assert.That(expected[7], Is.EqualTo(0x80), "first power: write protect on");

        RunToDone(board, TimeSpan.FromSeconds(1));
        var before = Results(board, 0xC0, 10);
        Assert.That(HexBytes(before), Is.EqualTo(HexBytes(expected.Select(b => (byte)(b & 0x7F)))),
            "the read idiom samples the 8051's own latch first and shifts it out: bit 7 is always 0");
        Assert.Multiple(() =>
        {
            Assert.That(before[6], Is.EqualTo(0x05), "year 85 reads 05");
            Assert.That(before[7], Is.EqualTo(0x00), "WP 80 reads 00");
            Assert.That(before[2], Is.EqualTo(0x21), "the 12/24 bit is lost: 1 PM reads as 21 h");
            Assert.That(before[9], Is.EqualTo(0x1C), "RAM 9C reads 1C");
        });

        long now = board.Cpu.Cycles;
        var held = rtc.ReadClockRegisters(now);
        Assert.That(rtc.GetDateTime(now), Is.EqualTo(new DateTime(2024, 2, 29, 23, 59, 50)), "single-byte writes after clearing WP set the clock");
        Assert.That(held[5], Is.EqualTo(4), "day register");
        Assert.That(held[7], Is.EqualTo(0x80), "write protect set again");
        Assert.That(rtc.Ram[0], Is.EqualTo(0x3C));
        var after = Results(board, 0xD0, 10);
        Assert.That(HexBytes(after), Is.EqualTo(HexBytes([.. held.Select(b => (byte)(b & 0x7F)), rtc.TrickleCharger.Register, 0x3C])),
            "values below 80h read back correctly");
        Assert.That(board.Diagnostics.Snapshot().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
    }

    [TestCaseSource(nameof(Boards))]
    public void Correct_driver_bursts_ram_twelve_hour_mode_and_trickle(string boardName, string[] pins)
    {
        var board = Start(ShippedBoard(boardName), Compile("ds1302_correct.c", pins));
        var rtc = board.Rtc!;
        rtc.SetDateTime(new DateTime(2085, 12, 31, 23, 59, 59), 0, dayOfWeek: 7);
        var preset = rtc.ReadClockRegisters(0);

        RunToDone(board, TimeSpan.FromSeconds(3));
        long now = board.Cpu.Cycles;

        Assert.That(HexBytes(Results(board, 0xC0, 8)), Is.EqualTo(HexBytes(preset)), "first burst: the preset time, all bits intact");
        Assert.That(HexBytes(preset), Is.EqualTo("59 59 23 31 12 07 85 80"));
        Assert.That(HexBytes(Results(board, 0xC8, 8)), Is.EqualTo("00 00 00 01 01 01 86 80"),
            "the burst just after the rollover is one consistent snapshot: new year, day 7 → 1");

        var held = rtc.ReadClockRegisters(now);
        Assert.That(held[2], Is.EqualTo(0xB1), "12-hour mode, PM, 11 h");
        Assert.That(held[7], Is.EqualTo(0x80), "WP written last by the burst");
        Assert.That(rtc.GetDateTime(now), Is.EqualTo(new DateTime(2099, 12, 31, 23, 59, 58)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(HexBytes(Results(board, 0xD0, 8)), Is.EqualTo(HexBytes(held)), "burst read back equals the registers the model holds");
        Assert.That(board.Cpu.InternalRam[0xD8], Is.EqualTo(0xB1), "single read keeps bit 7 (12 h) intact");
        Assert.That(board.Cpu.InternalRam[0xD9], Is.EqualTo(0xA5));
        Assert.That(rtc.TrickleCharger is { Enabled: true, Diodes: 1, ResistorOhms: 2_000 });
        var ram = Enumerable.Range(0, Ds1302.RamSize).Select(i => (byte)(i * 7 + 3)).ToArray();
        Assert.That(rtc.Ram.ToArray(), Is.EqualTo(ram), "RAM burst write reached every byte");
        Assert.That(Results(board, 0xE0, Ds1302.RamSize), Is.EqualTo(ram), "RAM burst read back");

        Assert.That(board.Diagnostics.Snapshot(), Is.Empty, $"the datasheet driver breaks no DS1302 rule on {boardName}");

        // The clock runs on through PM midnight into the next century in 12-hour mode.
        board.RunFor(TimeSpan.FromSeconds(2.5));
        var rolled = rtc.ReadClockRegisters(board.Cpu.Cycles);
        Assert.That(HexBytes(rolled.Take(7)), Is.EqualTo("00 00 92 01 01 06 00"), "12 AM is 92h; year 99 → 00");
    }
}
