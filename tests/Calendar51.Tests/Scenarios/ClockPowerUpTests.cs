using Calendar51.Emulator.Board;
using Calendar51.Emulator.Hex;
using Calendar51.Host;
using Calendar51.Emulator.Scenarios;
using Calendar51.Tests.Firmware;

namespace Calendar51.Tests.Scenarios;

/// <summary>
/// Power-up rules of the clock firmware that scenario files cannot set up (they only set valid
/// times): DS1302 registers holding invalid BCD or out-of-range values restart the clock at
/// 2025-01-01 00:00:00 with the time blinking, valid ones are kept; a settings block in DS1302 RAM
/// with a bad check byte or an out-of-range value falls back to alarm 07:00 off, chime off.
/// The registers and RAM are set on the chip as the battery would have kept them, then the
/// firmware (firmware/dist/calendar51.hex on prechin-a2) runs scenario steps.
/// </summary>
public class ClockPowerUpTests
{
    private static ScenarioRunner Runner()
    {
        string image = Path.Combine(FirmwareTools.FirmwareDirectory(), "dist", "calendar51.hex");
        Assert.That(File.Exists(image), Is.True, $"the default firmware image {image} is missing: build it with `make -C firmware dist`");
        var board = BoardCatalog.Load("prechin-a2");
        var code = IntelHex.Load(image, board.Mcu.CodeSize).Data.AsSpan(0, board.Mcu.CodeSize);
        return new ScenarioRunner(board, code, Path.GetTempPath());
    }

    private static void Run(ScenarioRunner runner, string steps)
    {
        var scenario = ScenarioParser.Parse("steps:\n  - power-on\n" + steps, "power-up");
        var failure = runner.Run(scenario);
        Assert.That(failure, Is.Null, () => $"{failure!.Step.Location} {failure.Step.Describe()}: expected {failure.Expected}, actual {failure.Actual}\n"
            + string.Join('\n', failure.LcdLines.Select(l => $"|{l}|")));
    }

    private const string RestartedAndBlinking = """
          - wait-lcd: {line: 1, text: "2025-01-01 Wed", timeout: 1s}
          - wait-lcd: {line: 2, match: "^00:00:0\\d  L12-02$", timeout: 1s}
          - wait-lcd: {line: 2, match: "^ {8}  L12-02$", timeout: 1s}
          - expect-ds1302: {halted: false}
        """;

    // seconds, minutes, hour, date, month, day of week, year (BCD, as the DS1302 holds them)
    [TestCase(new byte[] { 0x5A, 0x30, 0x10, 0x15, 0x06, 0x06, 0x30 }, TestName = "Seconds not BCD (5A)")]
    [TestCase(new byte[] { 0x10, 0x60, 0x10, 0x15, 0x06, 0x06, 0x30 }, TestName = "Minutes 60")]
    [TestCase(new byte[] { 0x10, 0x30, 0x24, 0x15, 0x06, 0x06, 0x30 }, TestName = "Hour 24 (24 h)")]
    [TestCase(new byte[] { 0x10, 0x30, 0x93, 0x15, 0x06, 0x06, 0x30 }, TestName = "Hour 13 (12 h)")]
    [TestCase(new byte[] { 0x10, 0x30, 0x80, 0x15, 0x06, 0x06, 0x30 }, TestName = "Hour 0 (12 h)")]
    [TestCase(new byte[] { 0x10, 0x30, 0x10, 0x29, 0x02, 0x06, 0x27 }, TestName = "2027-02-29")]
    [TestCase(new byte[] { 0x10, 0x30, 0x10, 0x31, 0x04, 0x06, 0x30 }, TestName = "April 31")]
    [TestCase(new byte[] { 0x10, 0x30, 0x10, 0x00, 0x06, 0x06, 0x30 }, TestName = "Date 0")]
    [TestCase(new byte[] { 0x10, 0x30, 0x10, 0x15, 0x13, 0x06, 0x30 }, TestName = "Month 13")]
    [TestCase(new byte[] { 0x10, 0x30, 0x10, 0x15, 0x00, 0x06, 0x30 }, TestName = "Month 0")]
    [TestCase(new byte[] { 0x10, 0x30, 0x10, 0x15, 0x06, 0x06, 0xA0 }, TestName = "Year not BCD (A0)")]
    public void InvalidClockRegistersRestartTheClockAt2025(byte[] registers)
    {
        var runner = Runner();
        runner.Board.Rtc!.SetClockRegisters(registers, 0);
        Run(runner, RestartedAndBlinking);
    }

    [TestCase(new byte[] { 0x10, 0x30, 0x10, 0x29, 0x02, 0x01, 0x28 }, "2028-02-29 Tue", "^10:30:1\\d  L02-05$", TestName = "2028-02-29 kept")]
    [TestCase(new byte[] { 0x59, 0x59, 0xB2, 0x31, 0x12, 0x01, 0x99 }, "2099-12-31 Thu", "^12:59:5\\dP L11-20$", TestName = "12 h 12 PM kept")]
    [TestCase(new byte[] { 0x00, 0x00, 0x00, 0x01, 0x01, 0x07, 0x00 }, "2000-01-01 Sat", "^00:00:0\\d  L11-25$", TestName = "2000-01-01 kept, the day-of-week register is not checked")]
    public void ValidClockRegistersAreKept(byte[] registers, string line1, string line2)
    {
        var runner = Runner();
        runner.Board.Rtc!.SetClockRegisters(registers, 0);
        Run(runner, $"""
              - wait-lcd: {"{"}line: 1, text: "{line1}", timeout: 1s{"}"}
              - wait-lcd: {"{"}line: 2, match: "{line2.Replace("\\", "\\\\")}", timeout: 1s{"}"}
              - delay: 320ms
              - expect-lcd: {"{"}line: 2, match: "{line2.Replace("\\", "\\\\")}"{"}"}
            """);
    }

    private static void SetSettings(ScenarioRunner runner, byte alarmHour, byte alarmMinute, byte alarmOn, byte chimeOn, int checkOffset)
    {
        var rtc = runner.Board.Rtc!;
        byte[] block = [alarmHour, alarmMinute, alarmOn, chimeOn];
        for (int i = 0; i < block.Length; i++) rtc.SetRam(i, block[i]);
        rtc.SetRam(4, (byte)(0x5A + block.Sum(b => b) + checkOffset));   // check byte: 0x5A + sum (firmware/README.md)
    }

    [Test]
    public void AValidSettingsBlockIsLoaded()
    {
        var runner = Runner();
        runner.Board.Rtc!.SetDateTime(new DateTime(2030, 6, 15, 10, 0, 0), 0);
        SetSettings(runner, 6, 45, 1, 1, checkOffset: 0);
        Run(runner, """
              - wait-lcd: {line: 1, text: "2030-06-15 SatAC", timeout: 1s}
              - write-serial: "A?\r\n"
              - wait-serial: "\\AA=06:45 ON\r\n"
            """);
    }

    [TestCase(6, 45, 1, 1, 1, TestName = "Bad check byte")]
    [TestCase(24, 0, 1, 1, 0, TestName = "Alarm hour 24")]
    [TestCase(6, 60, 1, 1, 0, TestName = "Alarm minute 60")]
    [TestCase(6, 45, 2, 1, 0, TestName = "Alarm on = 2")]
    [TestCase(6, 45, 1, 2, 0, TestName = "Chime on = 2")]
    public void InvalidSettingsFallBackToDefaults(int hour, int minute, int alarmOn, int chimeOn, int checkOffset)
    {
        var runner = Runner();
        runner.Board.Rtc!.SetDateTime(new DateTime(2030, 6, 15, 10, 0, 0), 0);
        SetSettings(runner, (byte)hour, (byte)minute, (byte)alarmOn, (byte)chimeOn, checkOffset);
        Run(runner, """
              - wait-lcd: {line: 1, text: "2030-06-15 Sat", timeout: 1s}
              - delay: 300ms
              - expect-lcd: {line: 1, text: "2030-06-15 Sat"}
              - write-serial: "A?\r\n"
              - wait-serial: "\\AA=07:00 OFF\r\n"
            """);
    }
}
