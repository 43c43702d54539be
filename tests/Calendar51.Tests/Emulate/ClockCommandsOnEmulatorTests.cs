using Calendar51.Emulator.Board;
using System.Globalization;
using System.Text.RegularExpressions;
using Calendar51.Host;
using Calendar51.Host.Serial;

namespace Calendar51.Tests.Emulate;

/// <summary>
/// `calendar51 sync-time` and `calendar51 time` against the clock firmware running in
/// `calendar51 emulate --serial pty` at real-time speed: the same check a hobbyist runs on a board.
/// </summary>
[NonParallelizable]
public class ClockCommandsOnEmulatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static (int Exit, string Output) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString() + stderr.ToString());
    }

    [Test, CancelAfter(60_000)]
    public void SyncTimeSetsTheEmulatedBoardToThePcClockAndTimeReadsItBack()
    {
        string? firmware = FirmwareImage.DefaultPath();
        Assert.That(firmware, Is.Not.Null, "firmware/dist/calendar51.hex is missing: build the firmware (see firmware/README.md)");
        using var emulator = EmulatorProcess.StartEmulate(firmware!, "--time", "2031-01-02T03:04:05", "--serial", "pty");
        string port = emulator.WaitForOutput(@"serial: (/dev/pts/\d+) at 4800 baud", Timeout).Groups[1].Value;

        // The firmware needs a moment after power-on before its UART listens; sync-time reports a
        // board that does not answer as an error, so try until the clock is up.
        (int Exit, string Output) sync = (-1, "");
        for (var deadline = DateTime.UtcNow + Timeout; DateTime.UtcNow < deadline;)
        {
            sync = Run("sync-time", "--port", port, "--baud", "4800");
            if (sync.Exit == 0) break;
        }
        Assert.That(sync.Exit, Is.EqualTo(0), sync.Output + emulator.Output);
        Assert.That(sync.Output, Does.Contain("prechin-a2"));

        // A flash attempt leaves 7F bytes in the firmware's line: the next command must still work.
        using (var line = SystemSerialTransport.Open(port, 4800, LineParity.None)) line.Write([0x7F, 0x7F, 0x7F]);
        // No --baud: the default board's 4800.
        var (exit, output) = Run("time", "--port", port);
        Assert.That(exit, Is.EqualTo(0), output);
        var offset = double.Parse(Regex.Match(output, @"board offset ([+-]\d+\.\d+) s").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(Math.Abs(offset), Is.LessThan(1.0), output);

        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
    }
}
