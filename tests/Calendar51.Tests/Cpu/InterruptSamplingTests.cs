using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Cpu;

/// <summary>
/// When a request is serviced, by the Intel MCS-51 user's manual ("Handling of Interrupts"): flags
/// are sampled at S5P2 of every machine cycle and polled in the next; the hardware LCALL follows
/// only when that polling cycle is the last cycle of an instruction, never right after RETI or a
/// write to IE/IP. So a flag raised in an instruction's last cycle is serviced one instruction later.
/// </summary>
public class InterruptSamplingTests
{
    private static CpuHarness WithHandler(byte[] main, int vector, byte[] handler, string part = "8052")
    {
        var image = new byte[0x100 + main.Length];
        image[0] = 0x02; image[1] = 0x01; image[2] = 0x00;               // LJMP 0100h
        handler.CopyTo(image, vector);
        main.CopyTo(image, 0x100);
        return new CpuHarness(part, image);
    }

    [Test]
    public void AFlagSetBySoftwareInAOneCycleInstructionIsServicedAfterTheNextInstruction()
    {
        // MOV IE,#82h; NOP; SETB TF0; INC R7; INC R7; SJMP $     handler: MOV 30h,R7; SJMP $
        // SETB TF0 writes the flag in its only (last) cycle: sampled in the next cycle, which is
        // INC R7's last, and polled in the cycle after that: the first INC runs, then the LCALL.
        byte[] main = [0x75, 0xA8, 0x82, 0x00, 0xD2, 0x8D, 0x0F, 0x0F, 0x80, 0xFE];
        var harness = WithHandler(main, 0x0B, [0x8F, 0x30, 0x80, 0xFE]);
        harness.RunToSelfJump();
        Assert.That(harness.Ram(0x30), Is.EqualTo(1), "one INC R7 ran between SETB TF0 and the handler");
        Assert.That(harness.Cpu.PC, Is.EqualTo(0x0D), "stopped in the handler");
    }

    [Test]
    public void AnOverflowInAnInstructionsLastCycleWaitsForTheNextInstruction()
    {
        // MOV TMOD,#02h; MOV TL0,#0FFh; MOV IE,#82h; SETB TR0; INC R7; INC R7; INC R7; SJMP $
        // Timer 0 counts from the cycle after SETB TR0: FFh overflows in the first INC's only cycle,
        // so the flag is polled at the end of the second INC.
        byte[] main = [0x75, 0x89, 0x02, 0x75, 0x8A, 0xFF, 0x75, 0xA8, 0x82, 0xD2, 0x8C, 0x0F, 0x0F, 0x0F, 0x80, 0xFE];
        var harness = WithHandler(main, 0x0B, [0x8F, 0x30, 0x80, 0xFE]);
        harness.RunToSelfJump();
        Assert.That(harness.Ram(0x30), Is.EqualTo(2));
    }

    [Test]
    public void AnOverflowInTheFirstCycleOfATwoCycleInstructionIsServicedAtItsEnd()
    {
        // As above with MOV 31h,#1 (two cycles) after SETB TR0: the overflow in its first cycle is
        // sampled there and polled in its last cycle, so no INC runs before the handler.
        byte[] main = [0x75, 0x89, 0x02, 0x75, 0x8A, 0xFF, 0x75, 0xA8, 0x82, 0xD2, 0x8C, 0x75, 0x31, 0x01, 0x0F, 0x0F, 0x80, 0xFE];
        var harness = WithHandler(main, 0x0B, [0x8F, 0x30, 0x80, 0xFE]);
        harness.RunToSelfJump();
        Assert.That(harness.Ram(0x30), Is.EqualTo(0));
    }

    [Test]
    public void AFlagRaisedAgainDuringAHandlerIsServicedAfterOneMainInstruction()
    {
        // Timer 1 in mode 2 overflows every 13 cycles; the handler (never touching a timer register)
        // runs longer, so TF1 is set again at every RETI and exactly one main instruction runs
        // between handlers. Main: INC R6 repeated; the handler stores R6 at @R0 and steps R0.
        var main = new List<byte> { 0x78, 0x40, 0x75, 0x89, 0x20, 0x75, 0x8D, 256 - 13, 0x75, 0x8B, 256 - 13, 0x75, 0xA8, 0x88, 0xD2, 0x8E };
        main.AddRange(Enumerable.Repeat((byte)0x0E, 60));                   // INC R6
        main.AddRange([0xC2, 0xAF, 0x80, 0xFE]);                             // CLR EA; SJMP $
        byte[] handler = [0xEE, 0xF6, 0x08, .. Enumerable.Repeat((byte)0x00, 12), 0x32];   // MOV A,R6; MOV @R0,A; INC R0; 12 NOPs; RETI
        var harness = WithHandler([.. main], 0x1B, handler);
        harness.RunToSelfJump();
        int entries = harness.Ram(0x00) - 0x40;                              // R0
        Assert.That(entries, Is.GreaterThan(40), "the handler ran again after every RETI");
        for (int i = 1; i < entries; i++)
        {
            Assert.That(harness.Ram(0x40 + i) - harness.Ram(0x40 + i - 1), Is.EqualTo(1), $"main instructions between handler entries {i - 1} and {i}");
        }
    }

    [Test]
    public void Mode0KeepsTlUpperBitsUntilTheFirstCarryIntoTh()
    {
        // The manual calls TL's upper three bits indeterminate in mode 0; they keep what was written
        // until the five counting bits carry into TH, then read 0 (as s51 shows them).
        // MOV TMOD,#00h; MOV TL0,#0E0h; SETB TR0; NOP x4; MOV 30h,TL0; NOP x40; MOV 31h,TL0; SJMP $
        var main = new List<byte> { 0x75, 0x89, 0x00, 0x75, 0x8A, 0xE0, 0xD2, 0x8C, 0x00, 0x00, 0x00, 0x00, 0x85, 0x8A, 0x30 };
        main.AddRange(Enumerable.Repeat((byte)0x00, 40));
        main.AddRange([0x85, 0x8A, 0x31, 0x80, 0xFE]);
        var harness = WithHandler([.. main], 0x0B, []);
        harness.RunToSelfJump();
        Assert.That(harness.Ram(0x30) & 0xE0, Is.EqualTo(0xE0), "before the first carry");
        Assert.That(harness.Ram(0x31) & 0xE0, Is.EqualTo(0x00), "after it");
    }
}
