using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Cpu;

public class SerialTests
{
    // 9600 baud at 11.0592 MHz: Timer 1 mode 2, TH1 = FDh, SMOD = 0 -> 3 cycles per overflow,
    // 2 overflows per 16x tick, 16 ticks per bit = 96 machine cycles per bit.
    private static readonly byte[] SetUp9600 =
    [
        0x75, 0x89, 0x20,   // MOV TMOD,#20h
        0x75, 0x8D, 0xFD,   // MOV TH1,#0FDh
        0x75, 0x8B, 0xFD,   // MOV TL1,#0FDh
        0x75, 0x98, 0x50,   // MOV SCON,#50h (mode 1, REN)
        0xD2, 0x8E,         // SETB TR1
    ];

    [Test]
    public void Mode1TransmitsStartDataAndStopBitsOnTxdAtTheTimer1BaudRate()
    {
        // ...; MOV SBUF,#55h; loop: NOP; SJMP loop  (the frame ends after TI rises, so no self-jump stop)
        byte[] program = [.. SetUp9600, 0x75, 0x99, 0x55, 0x00, 0x80, 0xFD];
        var harness = new CpuHarness("8052", program);
        var sent = new List<int>();
        harness.Cpu.ByteTransmitted += (frame, _) => sent.Add(frame);
        long tiRaisedAt = -1;
        while (harness.Cpu.Cycles < 5000)
        {
            harness.Cpu.Run(harness.Cpu.Cycles + 1);
            if (tiRaisedAt < 0 && (harness.Sfr(Sfr.SCON) & 0x02) != 0) tiRaisedAt = harness.Cpu.Cycles;
        }
        var edges = harness.PinEdges(3, 1).ToList();
        // 55h LSB first: start 0, then 1 0 1 0 1 0 1 0, stop 1 -> ten level changes at 96-cycle spacing.
        Assert.That(edges, Has.Count.EqualTo(10));
        for (int i = 1; i < edges.Count; i++) Assert.That(edges[i].Cycle - edges[i - 1].Cycle, Is.EqualTo(96));
        Assert.That(edges.Select(e => e.Level), Is.EqualTo(new[] { false, true, false, true, false, true, false, true, false, true }));
        Assert.That(harness.Sfr(Sfr.SCON) & 0x02, Is.EqualTo(0x02), "TI set");
        Assert.That(sent, Is.EqualTo(new[] { 0x55 }));
        // Datasheet: TI rises at the start of the stop bit, the 10th divide-by-16 rollover after the write.
        // It is set during that cycle and seen at the end of the instruction that contains it.
        Assert.That(tiRaisedAt, Is.InRange(edges[^1].Cycle + 1, edges[^1].Cycle + 2));
    }

    [Test]
    public void Mode1ReceivesAFrameDrivenOnRxd()
    {
        // ...; loop: JNB RI,loop; MOV A,SBUF; SJMP $
        byte[] program = [.. SetUp9600, 0x30, 0x98, 0xFD, 0xE5, 0x99, 0x80, 0xFE];
        var harness = new CpuHarness("8052", program);
        harness.Cpu.Run(200);
        int frame = 0xA3 << 1 | 0x200;   // start 0, data LSB first, stop 1
        for (int bit = 0; bit < 10; bit++)
        {
            bool high = ((frame >> bit) & 1) != 0;
            harness.Cpu.DriveExternally(3, pullLow: high ? (byte)0 : (byte)0x01, driveHigh: 0, cycle: harness.Cpu.Cycles);
            harness.Cpu.Run(harness.Cpu.Cycles + 96);
        }
        Assert.That(harness.Cpu.Run(harness.Cpu.Cycles + 1000), Is.EqualTo(StopReason.SelfJump));
        Assert.That(harness.Sfr(Sfr.ACC), Is.EqualTo(0xA3));
        Assert.That(harness.Sfr(Sfr.SCON) & 0x05, Is.EqualTo(0x05), "RI and RB8 (the stop bit)");
    }

    [Test]
    public void AKeyPullingRxdLowShortlyIsAFalseStartNotAByte()
    {
        byte[] program = [.. SetUp9600, 0x80, 0xFE];
        var harness = new CpuHarness("8052", program);
        harness.Cpu.Run(200);
        harness.Cpu.DriveExternally(3, pullLow: 0x01, driveHigh: 0, cycle: harness.Cpu.Cycles);
        harness.Cpu.Run(harness.Cpu.Cycles + 10);
        harness.Cpu.DriveExternally(3, pullLow: 0x00, driveHigh: 0, cycle: harness.Cpu.Cycles);
        harness.Cpu.Run(harness.Cpu.Cycles + 2000);
        Assert.That(harness.Sfr(Sfr.SCON) & 0x01, Is.EqualTo(0), "no RI from a glitch shorter than half a bit");
    }

    [Test]
    public void Mode0ShiftsEightBitsOutOnRxdOnePerCycle()
    {
        // MOV SCON,#00h; MOV SBUF,#0F0h; loop: JNB TI,loop; SJMP $
        var harness = new CpuHarness("8052", 0x75, 0x98, 0x00, 0x75, 0x99, 0xF0, 0x30, 0x99, 0xFD, 0x80, 0xFE);
        harness.Cpu.Run(200);
        var edges = harness.PinEdges(3, 0).ToList();
        Assert.That(edges.Select(e => e.Level), Is.EqualTo(new[] { false, true }));
        Assert.That(edges[1].Cycle - edges[0].Cycle, Is.EqualTo(4), "four 0 bits then four 1 bits");
        Assert.That(harness.Sfr(Sfr.SCON) & 0x02, Is.EqualTo(0x02));
    }
}
