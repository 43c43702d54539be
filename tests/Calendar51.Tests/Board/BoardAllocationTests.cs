using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Board;

/// <summary>
/// A week of the clock is millions of pin edges, DS1302 transfers and DS18B20 read slots (each 0 the
/// sensor sends is a pulse it schedules on the board): none of that may allocate, or the garbage
/// collector runs all the time in a long scenario.
/// </summary>
public class BoardAllocationTests
{
    [Test]
    public void TheClockFirmwareRunsWithoutAllocating()
    {
        string? hex = FirmwareImage.DefaultPath();
        Assert.That(hex, Is.Not.Null, "firmware/dist/calendar51.hex is missing: build the firmware (see firmware/README.md)");
        var description = BoardPrograms.ShippedBoard("prechin-a2");
        var board = BoardPrograms.SwitchOn(description, IntelHex.Load(hex!, description.Mcu.CodeSize).Data);
        // The board and its chips are measured here: the translator compiles regions (and allocates)
        // whenever the firmware first reaches new code, the interpreter never allocates.
        board.Cpu.Engine = ExecutionEngine.Interpreter;
        board.Rtc!.SetDateTime(new DateTime(2030, 6, 15, 10, 55, 0), 0);
        var edges = new EdgeCounter();
        board.WireObserver = edges;
        // Start-up and the first conversions: the queues grow to their working size here.
        board.RunFor(TimeSpan.FromSeconds(3));
        edges.Clear();

        long before = GC.GetAllocatedBytesForCurrentThread();
        board.RunFor(TimeSpan.FromSeconds(10));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(edges.Port3, Is.GreaterThan(10_000), "the firmware talks to the DS1302 and the DS18B20 on P3 all the time");
            Assert.That(allocated, Is.LessThan(1024), $"{allocated} bytes allocated in 10 s of clock time");
            Assert.That(board.Diagnostics.Count, Is.Zero);
        });
    }

    private sealed class EdgeCounter : IPortListener
    {
        public long Port3 { get; private set; }

        public void Clear() => Port3 = 0;

        public void PortChanged(int port, byte previous, byte current, long cycle)
        {
            if (port == 3) Port3++;
        }
    }
}
