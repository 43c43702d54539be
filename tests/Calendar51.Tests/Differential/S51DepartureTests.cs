using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Differential;

/// <summary>
/// Each of s51's departures from the Intel MCS-51 manual in a program of a few instructions: the
/// core with <see cref="Compatibility.S51"/> must end exactly where s51 ends, and the default core
/// where the manual says (README.md, "Differences from s51").
/// </summary>
[TestFixture]
[Category("Differential")]
[Parallelizable(ParallelScope.Children)]
public class S51DepartureTests
{
    private string directory = null!;

    [OneTimeSetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-departures-").FullName;

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    /// <summary>Builds the image from (address, bytes) pieces, compares compat mode with s51 and returns the manual core after its run.</summary>
    private Mcs51 CompareAndRunManual(string name, string part, params (int Address, byte[] Bytes)[] pieces)
    {
        var image = new byte[pieces.Max(p => p.Address + p.Bytes.Length)];
        foreach (var (address, bytes) in pieces) bytes.CopyTo(image, address);
        var hex = Path.Combine(directory, $"{name}-{part}.hex");
        File.WriteAllText(hex, IntelHexWriter.ToHex(image));
        DifferentialTests.CompareWithS51(PartProfile.Get(part), hex, $"{name} on {part}");
        var spec = PartSpec.Get(part);
        var manual = new Mcs51(spec);
        manual.LoadCode(IntelHex.Load(hex, spec.CodeSize).Data.AsSpan(0, spec.CodeSize));
        manual.Run(100_000);
        return manual;
    }

    private const int R6 = 0x06, R7 = 0x07;

    [Test]
    public void SetbEaHoldsNoInterruptBack()
    {
        // MOV IE,#02h; SETB TF0; SETB EA; INC R0 x3; SJMP $    T0 handler: MOV 06h,00h; RETI
        // Intel: no interrupt right after any write to IE, so one INC runs first (R6 = 1).
        var manual = CompareAndRunManual("setb-ea", "8052", (0, [0x02, 0x01, 0x00]), (0x0B, [0x85, 0x00, 0x06, 0x32]),
            (0x100, [0x75, 0xA8, 0x02, 0xD2, 0x8D, 0xD2, 0xAF, 0x08, 0x08, 0x08, 0x80, 0xFE]));
        Assert.That(manual.InternalRam[R6], Is.EqualTo(1));
    }

    [Test]
    public void AWriteToIpHoldsNoInterruptBack()
    {
        // Low-priority T0 handler raises TF1 and makes Timer 1 high priority with MOV IP,#08h.
        // Intel: one more handler instruction runs before Timer 1 preempts: R0 counts one main INC
        // (SETB TF0's flag waits an instruction) and that handler INC, so R6 = 2.
        var manual = CompareAndRunManual("ip-write", "8052", (0, [0x02, 0x01, 0x00]), (0x0B, [0x02, 0x02, 0x00]), (0x1B, [0x85, 0x00, 0x06, 0x32]),
            (0x100, [0x75, 0xA8, 0x8A, 0xD2, 0x8D, 0x08, 0x08, 0x08, 0x80, 0xFE]),
            (0x200, [0xD2, 0x8F, 0x75, 0xB8, 0x08, 0x08, 0x08, 0x08, 0x32]));
        Assert.That(manual.InternalRam[R6], Is.EqualTo(2));
    }

    [Test]
    public void InterruptEntryTakesTwoCyclesByTheManualAndOneInS51()
    {
        // MOV IE,#82h; SETB TF0; NOP; SJMP $     T0 handler: RETI
        var manual = CompareAndRunManual("entry", "8052", (0, [0x02, 0x01, 0x00]), (0x0B, [0x32]),
            (0x100, [0x75, 0xA8, 0x82, 0xD2, 0x8D, 0x00, 0x00, 0x80, 0xFE]));
        // LJMP 2 + MOV 2 + SETB 1 + NOP 1 (SETB's flag is serviced after the next instruction)
        // + LCALL 2 + RETI 2 + NOP 1 + SJMP 2
        Assert.That(manual.Cycles, Is.EqualTo(2 + 2 + 1 + 1 + 2 + 2 + 1 + 2));
    }

    [Test]
    public void AnInterruptPendingAtTheFinalSelfJumpIsTakenByTheManualCore()
    {
        // MOV IE,#82h; SETB TF0; SJMP $    T0 handler: INC R7; SJMP $ (s51 stops at the first SJMP $)
        var manual = CompareAndRunManual("selfjump", "8052", (0, [0x02, 0x01, 0x00]), (0x0B, [0x0F, 0x80, 0xFE]),
            (0x100, [0x75, 0xA8, 0x82, 0xD2, 0x8D, 0x80, 0xFE]));
        Assert.That(manual.PC, Is.EqualTo(0x0B), "the manual core vectored after executing the self-jump once");
    }

    [Test]
    public void PushSpStoresTheValueBeforeTheIncrement()
    {
        // MOV SP,#30h; PUSH SP; SJMP $ — s51 0.6.4 stores 31h (fixed upstream in 2023).
        var manual = CompareAndRunManual("push-sp", "8052", (0, [0x75, 0x81, 0x30, 0xC0, 0x81, 0x80, 0xFE]));
        Assert.That(manual.InternalRam[0x31], Is.EqualTo(0x30));
    }

    [Test]
    public void Timer1RunsWithoutTr1WhileTimer0IsInMode3()
    {
        // MOV TMOD,#23h; MOV TH1,#0F0h; MOV TL1,#0F0h; SETB TR0; INC R0 x40; SJMP $
        // Intel: TR1 then belongs to TH0, and Timer 1 (mode 2) runs; s51 keeps it stopped.
        var main = new List<byte> { 0x75, 0x89, 0x23, 0x75, 0x8D, 0xF0, 0x75, 0x8B, 0xF0, 0xD2, 0x8C };
        main.AddRange(Enumerable.Repeat((byte)0x08, 40));
        main.AddRange([0x80, 0xFE]);
        var manual = CompareAndRunManual("t0-mode3", "8052", (0, [.. main]));
        Assert.That(manual.PeekDirect(Sfr.TL1), Is.Not.EqualTo(0xF0));
    }

    [Test]
    public void AHighPriorityRequestIsServicedBeforeALowPriorityOne()
    {
        // MOV R0,#40h; MOV IP,#10h (serial high); MOV SCON,#02h (TI); SETB TF0; MOV IE,#92h; NOP; SJMP $
        // Handlers append their vector at @R0: T0 INC R0; MOV @R0,#0Bh; RETI  serial INC R0; MOV @R0,#23h; CLR TI; RETI
        var manual = CompareAndRunManual("priority", "8052", (0, [0x02, 0x01, 0x00]),
            (0x0B, [0x08, 0x76, 0x0B, 0x32]), (0x23, [0x08, 0x76, 0x23, 0xC2, 0x99, 0x32]),
            (0x100, [0x78, 0x40, 0x75, 0xB8, 0x10, 0x75, 0x98, 0x02, 0xD2, 0x8D, 0x75, 0xA8, 0x92, 0x00, 0x00, 0x00, 0x80, 0xFE]));
        Assert.That(manual.InternalRam[0x41], Is.EqualTo(0x23), "the high-priority serial handler first");
        Assert.That(manual.InternalRam[0x42], Is.EqualTo(0x0B));
    }

    [Test]
    public void ALevelTriggeredRequestFollowsItsPin()
    {
        // SETB IE0 with IT0 = 0 and INT0 high; SJMP $ — s51 keeps the 1 software wrote.
        var manual = CompareAndRunManual("ie0-level", "8052", (0, [0xD2, 0x89, 0x80, 0xFE]));
        Assert.That(manual.PeekDirect(Sfr.TCON) & 0x02, Is.EqualTo(0));
    }

    [Test]
    public void AnOverflowInTheLastCycleIsServicedOneInstructionLater()
    {
        // MOV TMOD,#02h; MOV TL0,#0FFh; MOV IE,#82h; SETB TR0; INC R7 x3; SJMP $   handler: MOV 30h,R7; SJMP $
        var manual = CompareAndRunManual("sampling", "8052", (0, [0x02, 0x01, 0x00]), (0x0B, [0x8F, 0x30, 0x80, 0xFE]),
            (0x100, [0x75, 0x89, 0x02, 0x75, 0x8A, 0xFF, 0x75, 0xA8, 0x82, 0xD2, 0x8C, 0x0F, 0x0F, 0x0F, 0x80, 0xFE]));
        Assert.That(manual.InternalRam[0x30], Is.EqualTo(2));
    }

    [Test]
    public void AParityBitWrittenToPswFollowsAcc()
    {
        // MOV PSW,#01h (A = 0: P should be 0); MOV 30h,PSW; INC R0; MOV 31h,PSW; PUSH PSW;
        // INC A; DEC A; MOV 32h,PSW; POP PSW; MOV 33h,PSW; MOV ACC,#0; MOV 34h,PSW; SJMP $
        // s51 keeps the written 1 until ACC is next written (30h, 31h, 33h = 01h).
        var manual = CompareAndRunManual("parity", "8052", (0, [0x75, 0xD0, 0x01, 0x85, 0xD0, 0x30, 0x08, 0x85, 0xD0, 0x31, 0xC0, 0xD0,
            0x04, 0x14, 0x85, 0xD0, 0x32, 0xD0, 0xD0, 0x85, 0xD0, 0x33, 0x75, 0xE0, 0x00, 0x85, 0xD0, 0x34, 0x80, 0xFE]));
        Assert.That(manual.InternalRam.Slice(0x30, 5).ToArray(), Is.All.EqualTo(0));
    }

    [Test]
    public void Rs0AndRs1WrittenAsBitsSelectTheBank()
    {
        // SETB RS1; MOV R4,#55h; MOV A,#1; ADD A,#0; MOV R5,#66h; SUBB A,R3; MOV R6,#77h;
        // MOV PSW,#10h; MOV R7,#88h; CLR RS1; MOV R3,#99h; SJMP $
        // s51 switches banks only on byte writes to PSW (SUBB A,Rn's flag update is one).
        var manual = CompareAndRunManual("rs-bits", "8052", (0, [0xD2, 0xD4, 0x7C, 0x55, 0x74, 0x01, 0x24, 0x00, 0x7D, 0x66, 0x9B,
            0x7E, 0x77, 0x75, 0xD0, 0x10, 0x7F, 0x88, 0xC2, 0xD4, 0x7B, 0x99, 0x80, 0xFE]));
        Assert.That(manual.InternalRam[0x14], Is.EqualTo(0x55), "R4 of bank 2 after SETB RS1");
        Assert.That(manual.InternalRam[0x03], Is.EqualTo(0x99), "R3 of bank 0 after CLR RS1");
    }

    [Test]
    public void DjnzOnATimerRegisterReadsAndWritesItAfterBothCycles()
    {
        // Not a departure: the manual leaves the cycle open and the core follows s51.
        // MOV TMOD,#22h; MOV TH1,#0FCh; MOV TL1,#0FCh; SETB TR1; DJNZ TH1,$+3 x6; SJMP $
        var main = new List<byte> { 0x75, 0x89, 0x22, 0x75, 0x8D, 0xFC, 0x75, 0x8B, 0xFC, 0xD2, 0x8E };
        for (int i = 0; i < 6; i++) main.AddRange([0xD5, 0x8D, 0x00]);
        main.AddRange([0x80, 0xFE]);
        CompareAndRunManual("djnz-timer", "8052", (0, [.. main]));
    }

    [TestCase("8051")]
    [TestCase("8052")]
    public void Mode0FrameTiming(string part)
    {
        // MOV SCON,#0; MOV IE,#90h; MOV SBUF,A; INC R0 x40; SJMP $    serial handler: MOV 07h,00h; SJMP $
        // Intel: TI after the 8th bit, one bit per machine cycle. s51 on Timer-2 types counts 16
        // clocks a bit until T2CON changes Timer 2's mode (its baud-rate flag starts set).
        var main = new List<byte> { 0x75, 0x98, 0x00, 0x75, 0xA8, 0x90, 0xF5, 0x99 };
        main.AddRange(Enumerable.Repeat((byte)0x08, 40));
        main.AddRange([0x80, 0xFE]);
        var manual = CompareAndRunManual("uart-mode0", part, (0, [0x02, 0x01, 0x00]), (0x23, [0x85, 0x00, 0x07, 0x80, 0xFE]), (0x100, [.. main]));
        // Manual core: the write lands at the end of MOV SBUF (cycle 8), bits shift in cycles 8-15, TI
        // rises in cycle 16, the last cycle of the 9th INC, so the handler sees R0 = 10 on both parts.
        Assert.That(manual.InternalRam[R7], Is.EqualTo(10));
    }
}
