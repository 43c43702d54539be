using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Disassembly;

namespace Calendar51.Tests.Cpu;

public class InstructionTests
{
    [Test]
    public void EveryOpcodeTakesTheCyclesOfTheIntelTable()
    {
        // Each opcode runs once from a fresh core with operands that keep it on the straight path.
        for (int opcode = 0; opcode < 256; opcode++)
        {
            var harness = new CpuHarness("8052", (byte)opcode, 0x00, 0x00, 0x00);
            int taken = harness.Cpu.Step();
            Assert.That(taken, Is.EqualTo(Opcodes.Cycles[opcode]), $"opcode {opcode:X2}h");
        }
        Assert.That(Opcodes.Cycles[0xA4], Is.EqualTo(4), "MUL AB");
        Assert.That(Opcodes.Cycles[0x84], Is.EqualTo(4), "DIV AB");
        Assert.That(Opcodes.Cycles[0x85], Is.EqualTo(2), "MOV direct,direct");
        Assert.That(Opcodes.Cycles[0xE5], Is.EqualTo(1), "MOV A,direct");
    }

    [Test]
    public void UndefinedA5IsAOneCycleNoOpShownInTraces()
    {
        var harness = new CpuHarness("8052", 0x74, 0x12, 0xA5, 0x80, 0xFE);
        Assert.That(harness.RunToSelfJump(), Is.EqualTo(StopReason.SelfJump));
        Assert.That(harness.Cpu.Cycles, Is.EqualTo(1 + 1 + 2));
        Assert.That(harness.Sfr(Emulator.Cpu.Sfr.ACC), Is.EqualTo(0x12));
        Assert.That(Disassembler.Disassemble([0xA5], 0, out _), Does.Contain("undefined"));
    }

    [Test]
    public void ParityFollowsTheAccumulator()
    {
        var harness = new CpuHarness("8052", 0x74, 0x07, 0x80, 0xFE);   // MOV A,#07h
        harness.RunToSelfJump();
        Assert.That(harness.Sfr(Emulator.Cpu.Sfr.PSW) & 1, Is.EqualTo(1));
        var even = new CpuHarness("8052", 0x74, 0x03, 0x80, 0xFE);
        even.RunToSelfJump();
        Assert.That(even.Sfr(Emulator.Cpu.Sfr.PSW) & 1, Is.EqualTo(0));
    }

    [Test]
    public void SelfJumpsStopAfterRunningOnce([Values(0x80, 0x01, 0x02)] int kind)
    {
        byte[] program = kind switch
        {
            0x80 => [0x00, 0x80, 0xFE],         // NOP; SJMP $
            0x01 => [0x00, 0x01, 0x01],         // NOP; AJMP 0001h
            _ => [0x00, 0x02, 0x00, 0x01],      // NOP; LJMP 0001h
        };
        var harness = new CpuHarness("8052", program);
        Assert.That(harness.RunToSelfJump(), Is.EqualTo(StopReason.SelfJump));
        Assert.That(harness.Cpu.PC, Is.EqualTo(1));
        Assert.That(harness.Cpu.Cycles, Is.EqualTo(3));
    }

    [Test]
    public void UpperRamIsReachableOnlyIndirectlyOn256BytePartsAndAbsentOn128ByteParts()
    {
        // MOV R0,#90h; MOV @R0,#55h; MOV A,@R0; MOV 90h,#0AAh (that is P1); SJMP $
        byte[] program = [0x78, 0x90, 0x76, 0x55, 0xE6, 0x75, 0x90, 0xAA, 0x80, 0xFE];
        var big = new CpuHarness("at89c52", program);
        big.RunToSelfJump();
        Assert.That(big.Ram(0x90), Is.EqualTo(0x55));
        Assert.That(big.Sfr(Emulator.Cpu.Sfr.ACC), Is.EqualTo(0x55));
        Assert.That(big.Cpu.Latch(1), Is.EqualTo(0xAA), "direct 90h is the P1 SFR, not RAM");

        var small = new CpuHarness("at89c51", program);
        small.RunToSelfJump();
        Assert.That(small.Cpu.InternalRam.Length, Is.EqualTo(128));
        Assert.That(small.Sfr(Emulator.Cpu.Sfr.ACC), Is.EqualTo(0xFF), "no RAM answers above 7Fh on a 128-byte part");
    }

    [Test]
    public void CodeBeyondThePartsFlashIsRefusedAtLoad()
    {
        var cpu = new Mcs51(PartSpec.At89C51);
        var error = Assert.Throws<ArgumentException>(() => cpu.LoadCode(new byte[10], 4090));
        Assert.That(error!.Message, Does.Contain("0x0FFA").And.Contain("4096"));
    }

    [Test]
    public void StcXramIsReachedByMovx()
    {
        // MOV DPTR,#0080h; MOV A,#5Ah; MOVX @DPTR,A; MOV R0,#81h; MOVX @R0,A; SJMP $
        var harness = new CpuHarness("stc89c52rc", 0x90, 0x00, 0x80, 0x74, 0x5A, 0xF0, 0x78, 0x81, 0xF2, 0x80, 0xFE);
        harness.RunToSelfJump();
        Assert.That(harness.Cpu.DataMemory[0x80], Is.EqualTo(0x5A));
        Assert.That(harness.Cpu.DataMemory[0x81], Is.EqualTo(0x5A));
        var at89 = new CpuHarness("at89c52", 0x90, 0x00, 0x80, 0x74, 0x5A, 0xF0, 0xE4, 0xE0, 0x80, 0xFE);
        at89.RunToSelfJump();
        Assert.That(at89.Sfr(Emulator.Cpu.Sfr.ACC), Is.EqualTo(0xFF), "no external memory on a bare AT89C52");
    }

    [Test]
    public void DecimalAdjustAfterBcdAddition()
    {
        // MOV A,#56h; ADD A,#67h; DA A -> 23h with carry (56 + 67 = 123)
        var harness = new CpuHarness("8052", 0x74, 0x56, 0x24, 0x67, 0xD4, 0x80, 0xFE);
        harness.RunToSelfJump();
        Assert.That(harness.Sfr(Emulator.Cpu.Sfr.ACC), Is.EqualTo(0x23));
        Assert.That(harness.Sfr(Emulator.Cpu.Sfr.PSW) & 0x80, Is.EqualTo(0x80));
    }
}
