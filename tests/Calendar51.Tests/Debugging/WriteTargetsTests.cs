using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Debugging;

namespace Calendar51.Tests.Debugging;

/// <summary>What a data breakpoint sees: the bytes an instruction is about to write, decoded before it runs.</summary>
public class WriteTargetsTests
{
    // Set-up run first: bank 1 (PSW = 08h), R0 = 30h, R1 = 41h, SP = 50h, DPTR = 0123h.
    private static readonly byte[] Setup = [0x75, 0xD0, 0x08, 0x78, 0x30, 0x79, 0x41, 0x75, 0x81, 0x50, 0x90, 0x01, 0x23];

    [TestCase(new byte[] { 0xF6 }, new[] { 0x30 }, TestName = "MOV @R0,A writes where R0 points")]
    [TestCase(new byte[] { 0x77, 0x05 }, new[] { 0x41 }, TestName = "MOV @R1,#imm writes where R1 points")]
    [TestCase(new byte[] { 0xFB }, new[] { 0x08 + 3 }, TestName = "MOV R3,A writes R3 of the current bank")]
    [TestCase(new byte[] { 0xDA, 0xFE }, new[] { 0x08 + 2 }, TestName = "DJNZ R2 writes R2")]
    [TestCase(new byte[] { 0x85, 0x20, 0x21 }, new[] { 0x21 }, TestName = "MOV dir,dir writes its second operand")]
    [TestCase(new byte[] { 0x88, 0x22 }, new[] { 0x22 }, TestName = "MOV dir,R0 writes the direct address")]
    [TestCase(new byte[] { 0xF5, 0x90 }, new[] { 0x190 }, TestName = "MOV P1,A writes an SFR")]
    [TestCase(new byte[] { 0xD2, 0x0B }, new[] { 0x21 }, TestName = "SETB 21h.3 writes byte 21h")]
    [TestCase(new byte[] { 0xC2, 0x8C }, new[] { 0x188 }, TestName = "CLR TR0 writes TCON")]
    [TestCase(new byte[] { 0xC0, 0xE0 }, new[] { 0x51 }, TestName = "PUSH writes SP+1")]
    [TestCase(new byte[] { 0x12, 0x00, 0x00 }, new[] { 0x51, 0x52 }, TestName = "LCALL pushes the return address")]
    [TestCase(new byte[] { 0x11, 0x00 }, new[] { 0x51, 0x52 }, TestName = "ACALL pushes the return address")]
    [TestCase(new byte[] { 0xF0 }, new[] { 0x10123 }, TestName = "MOVX @DPTR,A writes external data")]
    [TestCase(new byte[] { 0xE6 }, new int[0], TestName = "MOV A,@R0 writes no memory")]
    [TestCase(new byte[] { 0xB8, 0x01, 0x00 }, new int[0], TestName = "CJNE R0 writes nothing")]
    public void Instruction_writes(byte[] instruction, int[] expected)
    {
        var cpu = new Mcs51(PartSpec.Get("8052"));
        cpu.LoadCode([.. Setup, .. instruction]);
        while (cpu.PC < Setup.Length) cpu.Step();

        Span<int> cells = stackalloc int[2];
        int count = WriteTargets.Of(cpu, cells);
        Assert.That(cells[..count].ToArray(), Is.EqualTo(expected));
    }
}
