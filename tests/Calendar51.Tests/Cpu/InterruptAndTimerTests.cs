using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Cpu;

public class InterruptAndTimerTests
{
    private static byte[] WithVectors(byte[] main, params (int Vector, byte[] Handler)[] handlers)
    {
        var image = new byte[0x80 + main.Length];
        Array.Fill(image, (byte)0x00);
        image[0] = 0x02; image[1] = 0x00; image[2] = 0x80;                       // LJMP 0080h
        foreach (var (vector, handler) in handlers) handler.CopyTo(image, vector);
        main.CopyTo(image, 0x80);
        return image;
    }

    [Test]
    public void Timer0Mode1OverflowSetsTf0AfterExactly65536MinusStartCycles()
    {
        // LJMP 0080h; MOV TMOD,#01h; MOV TH0,#0FFh; MOV TL0,#0F0h; SETB TR0; loop: NOP; JNB TF0,loop; SJMP $
        byte[] main = [0x75, 0x89, 0x01, 0x75, 0x8C, 0xFF, 0x75, 0x8A, 0xF0, 0xD2, 0x8C, 0x00, 0x30, 0x8D, 0xFC, 0x80, 0xFE];
        var harness = new CpuHarness("8052", WithVectors(main));
        harness.RunToSelfJump();
        // Counting starts after SETB TR0 (cycle 2+2+2+2+1 = 9); the 16th count ends cycle 24, so TF0 is set
        // from cycle 25. The loop's JNB starts at 10, 13, ..., 25: the one at 25 falls through; SJMP $ ends at 29.
        // ucsim's s51 gives the same 29 cycles and TL0 = 04h for this program.
        Assert.That(harness.Cpu.Cycles, Is.EqualTo(29));
        Assert.That(harness.Sfr(Sfr.TL0), Is.EqualTo(4), "TL0 kept counting through the JNB and SJMP");
    }

    [Test]
    public void Timer1Mode2ReloadsFromTh1()
    {
        // MOV TMOD,#20h; MOV TH1,#0F0h; MOV TL1,#0F0h; SETB TR1; then 100 NOPs and SJMP $
        var main = new List<byte> { 0x75, 0x89, 0x20, 0x75, 0x8D, 0xF0, 0x75, 0x8B, 0xF0, 0xD2, 0x8E };
        main.AddRange(Enumerable.Repeat((byte)0x00, 100));
        main.AddRange([0x80, 0xFE]);
        var harness = new CpuHarness("8052", WithVectors([.. main]));
        harness.RunToSelfJump();
        long counted = harness.Cpu.Cycles - 9;   // counting starts after SETB TR1 (s51 agrees: TL1 = F6h here)
        Assert.That(harness.Sfr(Sfr.TL1), Is.EqualTo(0xF0 + (counted - 16) % 16));
        Assert.That(harness.Sfr(Sfr.TL1), Is.EqualTo(0xF6));
        Assert.That(harness.Sfr(Sfr.TCON) & 0x80, Is.EqualTo(0x80));
    }

    [Test]
    public void NoInterruptRightAfterAWriteToIe()
    {
        // Timer 0 flag already set by software, then IE written: the instruction after MOV IE runs first.
        // main: SETB TF0; MOV IE,#82h; INC R7; SJMP $    handler at 0Bh: MOV A,R7; RETI
        byte[] main = [0xD2, 0x8D, 0x75, 0xA8, 0x82, 0x0F, 0x80, 0xFE];
        var harness = new CpuHarness("8052", WithVectors(main, (0x0B, [0xEF, 0xF5, 0x30, 0x32])));
        harness.Cpu.Run(200);
        Assert.That(harness.Ram(0x30), Is.EqualTo(1), "INC R7 ran before the handler");
    }

    [Test]
    public void AtLeastOneInstructionRunsAfterRetiBeforeTheNextInterrupt()
    {
        // Level-triggered INT0 held low keeps requesting. Each RETI must let one main instruction run.
        // main: MOV IE,#81h; 250 x INC R7; SJMP $   handler at 03h: INC R6; RETI
        byte[] main = [0x75, 0xA8, 0x81, .. Enumerable.Repeat((byte)0x0F, 250), 0x80, 0xFE];
        var harness = new CpuHarness("8052", WithVectors(main, (0x03, [0x0E, 0x32])));
        harness.Cpu.DriveExternally(3, pullLow: 0x04, driveHigh: 0, cycle: 0);
        harness.Cpu.Run(1000);
        int handlerRuns = harness.Ram(6), mainIncrements = harness.Ram(7);
        Assert.That(handlerRuns, Is.GreaterThan(10));
        Assert.That(mainIncrements, Is.InRange(handlerRuns - 1, handlerRuns + 1), "one INC R7 between two handler entries");
    }

    [Test]
    public void HighPriorityInterruptsALowPriorityHandler()
    {
        // IP: timer 0 high. INT0 (low, edge) handler waits in a loop for R5 set by the timer 0 handler.
        // main: SETB IT0; MOV IP,#02h; MOV TMOD,#02h; MOV TH0,#0; MOV IE,#83h; SETB TR0; loop: NOP; SJMP loop
        byte[] main = [0xD2, 0x88, 0x75, 0xB8, 0x02, 0x75, 0x89, 0x02, 0x75, 0x8C, 0x00, 0x75, 0xA8, 0x83, 0xD2, 0x8C, 0x00, 0x80, 0xFD];
        byte[] int0 = [0x02, 0x00, 0x40];                          // LJMP 0040h
        byte[] int0Body = [0xED, 0x60, 0xFD, 0x0C, 0x32];          // 40h: MOV A,R5; JZ 40h; INC R4; RETI
        byte[] timer0 = [0x7D, 0x01, 0x32];                        // MOV R5,#1; RETI
        var image = WithVectors(main, (0x03, int0), (0x0B, timer0));
        int0Body.CopyTo(image, 0x40);
        var harness = new CpuHarness("8052", image);
        harness.Cpu.Run(30);
        harness.Cpu.DriveExternally(3, pullLow: 0x04, driveHigh: 0, cycle: harness.Cpu.Cycles);
        harness.Cpu.Run(2000);
        Assert.That(harness.Ram(4), Is.EqualTo(1), "the low-priority handler finished because the high-priority one ran inside it");
    }

    [Test]
    public void IdleEndsWithAnInterruptAndTimeStillAdvances()
    {
        // MOV TMOD,#01h; MOV IE,#82h; SETB TR0; ORL PCON,#01h; INC R7; SJMP $   handler: INC R6; RETI
        byte[] main = [0x75, 0x89, 0x01, 0x75, 0xA8, 0x82, 0xD2, 0x8C, 0x43, 0x87, 0x01, 0x0F, 0x80, 0xFE];
        var harness = new CpuHarness("8052", WithVectors(main, (0x0B, [0x0E, 0x32])));
        Assert.That(harness.RunToSelfJump(200_000), Is.EqualTo(StopReason.SelfJump));
        Assert.That(harness.Ram(6), Is.EqualTo(1));
        Assert.That(harness.Ram(7), Is.EqualTo(1));
        Assert.That(harness.Cpu.Cycles, Is.GreaterThan(65536));
    }

    [Test]
    public void CounterModeCountsFallingEdgesOnT0()
    {
        // MOV TMOD,#05h (counter, mode 1); SETB TR0; SJMP $
        var harness = new CpuHarness("8052", 0x75, 0x89, 0x05, 0xD2, 0x8C, 0x80, 0xFE);
        harness.Cpu.Run(10);
        for (int i = 0; i < 5; i++)
        {
            harness.Cpu.DriveExternally(3, pullLow: 0x10, driveHigh: 0, cycle: harness.Cpu.Cycles);
            harness.Cpu.Run(harness.Cpu.Cycles + 4);
            harness.Cpu.DriveExternally(3, pullLow: 0x00, driveHigh: 0, cycle: harness.Cpu.Cycles);
            harness.Cpu.Run(harness.Cpu.Cycles + 4);
        }
        Assert.That(harness.Sfr(Sfr.TL0), Is.EqualTo(5));
    }

    [Test]
    public void Timer2AutoReloadsFromRcap2AndSetsTf2()
    {
        // MOV RCAP2H,#0FFh; MOV RCAP2L,#0F0h; MOV TH2,#0FFh; MOV TL2,#0F0h; SETB TR2; 40 NOPs; SJMP $
        var main = new List<byte> { 0x75, 0xCB, 0xFF, 0x75, 0xCA, 0xF0, 0x75, 0xCD, 0xFF, 0x75, 0xCC, 0xF0, 0xD2, 0xCA };
        main.AddRange(Enumerable.Repeat((byte)0x00, 40));
        main.AddRange([0x80, 0xFE]);
        var harness = new CpuHarness("at89c52", WithVectors([.. main]));
        harness.RunToSelfJump();
        long counted = harness.Cpu.Cycles - 11;   // counting starts after SETB TR2 (s51 agrees: TL2 = FAh here)
        Assert.That(harness.Sfr(Sfr.TL2), Is.EqualTo(0xF0 + (counted - 16) % 16));
        Assert.That(harness.Sfr(Sfr.TL2), Is.EqualTo(0xFA));
        Assert.That(harness.Sfr(Sfr.T2CON) & 0x80, Is.EqualTo(0x80));
    }
}
