using System.Text;
using Calendar51.Host.Emulation;

namespace Calendar51.Tests.Emulate;

/// <summary>The board's USB-serial bridge with the SDCC program tests/board-programs/serial_time.c at 12 MHz.</summary>
public class BoardSerialTests
{
    [Test]
    public void TheMcusFramesArriveIntactEvenWhenOneLongRunHasNothingElseScheduled()
    {
        var options = new EmulationOptions(TestPrograms.Hex("serial_time"), "prechin-a2", new DateTime(2031, 5, 6, 7, 8, 9), EmulationSpeed.RealTime, null);
        var board = EmulationSetup.PowerOn(options, DateTime.Now, DateTime.UtcNow);
        Assert.That(board.Serial!.Baud, Is.EqualTo(4800), "the firmware's rate at 12 MHz");
        var received = new List<(byte Value, long Cycle)>();
        int framingErrors = 0;
        board.Serial.ByteReceived += (value, cycle) => received.Add((value, cycle));
        board.Serial.FramingError += _ => framingErrors++;
        // The program starts after the STC89's reset and bootloader window; give it 20 ms to set up its UART.
        board.RunUntil(board.Clock.CyclesIn(board.PowerSequence.UserCodeStarts + TimeSpan.FromMilliseconds(20)));
        board.Serial.Send("T?\r\n"u8, board.Cpu.Cycles);
        // One long run: the TXD samples the bridge schedules while the CPU runs must still happen on time.
        board.RunFor(TimeSpan.FromMilliseconds(500));

        string text = Encoding.ASCII.GetString(received.Select(r => r.Value).ToArray());
        Assert.That(framingErrors, Is.Zero);
        Assert.That(text, Is.EqualTo("T?\rT=2031-05-06 07:08:09 2\r\n\n"));
        // Answer bytes follow each other a frame apart (10 bits of 16 × 13 cycles = 2080 cycles at TH1 = F3h, ±1 for where the bridge samples)
        // plus the program's work between them (DS1302 reads); a late delivery would show as a gap of a whole run.
        var answer = received.Skip(3).Take("T=2031-05-06 07:08:09 2\r\n".Length).ToList();
        var gaps = answer.Zip(answer.Skip(1), (a, b) => b.Cycle - a.Cycle).ToList();
        Assert.That(gaps, Has.All.InRange(2075, 6000));
    }
}
