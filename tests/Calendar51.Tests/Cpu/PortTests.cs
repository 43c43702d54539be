using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Cpu;

public class PortTests
{
    [Test]
    public void ReadModifyWriteReadsTheLatchWhileMovReadsThePins()
    {
        // ORL P1,#00h; MOV A,P1; SJMP $  with P1.0 held low from outside
        var harness = new CpuHarness("8052", 0x43, 0x90, 0x00, 0xE5, 0x90, 0x80, 0xFE);
        harness.Cpu.DriveExternally(1, pullLow: 0x01, driveHigh: 0, cycle: 0);
        harness.RunToSelfJump();
        Assert.That(harness.Cpu.Latch(1), Is.EqualTo(0xFF), "ORL read the latch, so the pulled-low pin is not copied into it");
        Assert.That(harness.Sfr(Sfr.ACC), Is.EqualTo(0xFE), "MOV read the pins");
    }

    [Test]
    public void ReadModifyWriteOfAccBAndPswReadsTheRegisterNotALatch()
    {
        // Only P0–P3 (80h, 90h, A0h, B0h) have a latch apart from the pins; ACC, B and PSW (E0h, F0h,
        // D0h) share the low address nibble and must not be mistaken for ports. SDCC emits this:
        // MOV B,#0; INC B; DJNZ B,+0; MOV A,#5; INC ACC; ORL PSW,#18h; SJMP $
        var harness = new CpuHarness("8052", 0x75, 0xF0, 0x00, 0x05, 0xF0, 0xD5, 0xF0, 0x00, 0x74, 0x05, 0x05, 0xE0, 0x43, 0xD0, 0x18, 0x80, 0xFE);
        harness.RunToSelfJump();
        Assert.That(harness.Sfr(Sfr.B), Is.Zero, "INC B then DJNZ B falls through at 0");
        Assert.That(harness.Sfr(Sfr.ACC), Is.EqualTo(6));
        Assert.That(harness.Sfr(Sfr.PSW) & 0x18, Is.EqualTo(0x18));
        Assert.That(harness.Cpu.Cycles, Is.LessThan(20), "DJNZ B did not loop 255 more times");
    }

    [Test]
    public void BitSetOnAPortKeepsOtherLatchBitsEvenWhenTheirPinsAreLow()
    {
        // CPL P1.1; SJMP $ with P1.0 pulled low
        var harness = new CpuHarness("8052", 0xB2, 0x91, 0x80, 0xFE);
        harness.Cpu.DriveExternally(1, pullLow: 0x01, driveHigh: 0, cycle: 0);
        harness.RunToSelfJump();
        Assert.That(harness.Cpu.Latch(1), Is.EqualTo(0xFD));
        Assert.That(harness.Cpu.PinLevels(1), Is.EqualTo(0xFC));
    }

    [Test]
    public void JbReadsThePinAndJbcReadsTheLatch()
    {
        // JB P1.0,+2 (skipped if pin low); MOV A,#1; JBC P1.0,+2; SJMP $; MOV A,#2; SJMP $
        byte[] program = [0x20, 0x90, 0x02, 0x74, 0x01, 0x10, 0x90, 0x02, 0x80, 0xFE, 0x74, 0x02, 0x80, 0xFE];
        var harness = new CpuHarness("8052", program);
        harness.Cpu.DriveExternally(1, pullLow: 0x01, driveHigh: 0, cycle: 0);
        harness.RunToSelfJump();
        Assert.That(harness.Sfr(Sfr.ACC), Is.EqualTo(0x02), "JB saw the low pin, JBC saw the latch (1) and jumped");
        Assert.That(harness.Cpu.Latch(1) & 1, Is.EqualTo(0), "JBC cleared the latch bit");
    }

    [Test]
    public void Port0IsOpenDrainAndNeedsPullUpsToReadHigh()
    {
        var harness = new CpuHarness("8052", 0xE5, 0x80, 0x80, 0xFE);   // MOV A,P0
        harness.Cpu.SetFloatingLevel(0, 0x00);
        harness.RunToSelfJump();
        Assert.That(harness.Sfr(Sfr.ACC), Is.EqualTo(0x00), "a released P0 pin with nothing on it floats (here: reads low)");

        var withResistors = new CpuHarness("8052", 0xE5, 0x80, 0x80, 0xFE);
        withResistors.Cpu.SetFloatingLevel(0, 0x00);
        withResistors.Cpu.SetPort0PullUps(0xFF);
        withResistors.Cpu.DriveExternally(0, pullLow: 0x10, driveHigh: 0, cycle: 0);
        withResistors.RunToSelfJump();
        Assert.That(withResistors.Sfr(Sfr.ACC), Is.EqualTo(0xEF));
    }

    [Test]
    public void ADeviceDrivingHighCannotBeatTheLatchsHardZero()
    {
        var harness = new CpuHarness("8052", 0x75, 0x80, 0x0F, 0xE5, 0x80, 0x80, 0xFE);  // MOV P0,#0Fh; MOV A,P0
        harness.Cpu.SetFloatingLevel(0, 0x00);
        harness.Cpu.DriveExternally(0, pullLow: 0x00, driveHigh: 0xFF, cycle: 0);
        harness.RunToSelfJump();
        Assert.That(harness.Sfr(Sfr.ACC), Is.EqualTo(0x0F));
    }

    [Test]
    public void PinEdgesCarryTheCycleAtTheEndOfTheWritingInstruction()
    {
        // NOP; SETB P3.5 (after CLR); CLR P3.5; NOP; SETB P3.5; SJMP $
        var harness = new CpuHarness("8052", 0x00, 0xC2, 0xB5, 0x00, 0xD2, 0xB5, 0x80, 0xFE);
        harness.RunToSelfJump();
        var edges = harness.PinEdges(3, 5).ToList();
        Assert.That(edges, Is.EqualTo(new[] { (2L, false), (4L, true) }));
    }
}
