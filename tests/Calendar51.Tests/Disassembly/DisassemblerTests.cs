using Calendar51.Emulator.Disassembly;

namespace Calendar51.Tests.Disassembly;

public class DisassemblerTests
{
    [TestCase(new byte[] { 0x74, 0x3A }, 0x0000, "MOV A,#3Ah")]
    [TestCase(new byte[] { 0x74, 0xFF }, 0x0000, "MOV A,#0FFh")]
    [TestCase(new byte[] { 0x8A, 0x30 }, 0x0000, "MOV 30h,R2")]
    [TestCase(new byte[] { 0x85, 0xE0, 0xF0 }, 0x0000, "MOV B,ACC")]
    [TestCase(new byte[] { 0x85, 0x30, 0x81 }, 0x0000, "MOV SP,30h")]
    [TestCase(new byte[] { 0x75, 0x89, 0x21 }, 0x0000, "MOV TMOD,#21h")]
    [TestCase(new byte[] { 0x75, 0xCB, 0x12 }, 0x0000, "MOV RCAP2H,#12h")]
    [TestCase(new byte[] { 0xF5, 0x99 }, 0x0000, "MOV SBUF,A")]
    [TestCase(new byte[] { 0xE5, 0xC1 }, 0x0000, "MOV A,0C1h")]
    [TestCase(new byte[] { 0x90, 0xBE, 0xEF }, 0x0000, "MOV DPTR,#0BEEFh")]
    [TestCase(new byte[] { 0xD2, 0x8C }, 0x0000, "SETB TR0")]
    [TestCase(new byte[] { 0xC2, 0xAF }, 0x0000, "CLR EA")]
    [TestCase(new byte[] { 0xC2, 0x95 }, 0x0000, "CLR P1.5")]
    [TestCase(new byte[] { 0xB2, 0xB7 }, 0x0000, "CPL P3.7")]
    [TestCase(new byte[] { 0xA2, 0xE7 }, 0x0000, "MOV C,ACC.7")]
    [TestCase(new byte[] { 0x92, 0xD7 }, 0x0000, "MOV CY,C")]
    [TestCase(new byte[] { 0xD2, 0xAE }, 0x0000, "SETB IE.6")]
    [TestCase(new byte[] { 0xD2, 0xC3 }, 0x0000, "SETB 0C0h.3")]
    [TestCase(new byte[] { 0xD2, 0x00 }, 0x0000, "SETB 20h.0")]
    [TestCase(new byte[] { 0xB0, 0x7F }, 0x0000, "ANL C,/2Fh.7")]
    [TestCase(new byte[] { 0x20, 0x99, 0xFD }, 0x0100, "JB TI,0100h")]
    [TestCase(new byte[] { 0x80, 0xFE }, 0x0123, "SJMP 0123h")]
    [TestCase(new byte[] { 0x80, 0x7F }, 0x0000, "SJMP 0081h")]
    [TestCase(new byte[] { 0x80, 0x80 }, 0x0000, "SJMP 0FF82h")]
    [TestCase(new byte[] { 0xB4, 0x0A, 0x03 }, 0x0200, "CJNE A,#0Ah,0206h")]
    [TestCase(new byte[] { 0xD5, 0x30, 0xFD }, 0x0040, "DJNZ 30h,0040h")]
    [TestCase(new byte[] { 0xDF, 0xFE }, 0x0040, "DJNZ R7,0040h")]
    [TestCase(new byte[] { 0xE1, 0x23 }, 0x0800, "AJMP 0F23h")]
    [TestCase(new byte[] { 0x11, 0x00 }, 0x17FE, "ACALL 1800h")]
    [TestCase(new byte[] { 0x02, 0x01, 0x23 }, 0x0000, "LJMP 0123h")]
    [TestCase(new byte[] { 0x12, 0xFF, 0xFF }, 0x0000, "LCALL 0FFFFh")]
    [TestCase(new byte[] { 0x73 }, 0x0000, "JMP @A+DPTR")]
    [TestCase(new byte[] { 0x83 }, 0x0000, "MOVC A,@A+PC")]
    [TestCase(new byte[] { 0x93 }, 0x0000, "MOVC A,@A+DPTR")]
    [TestCase(new byte[] { 0xE0 }, 0x0000, "MOVX A,@DPTR")]
    [TestCase(new byte[] { 0xF3 }, 0x0000, "MOVX @R1,A")]
    [TestCase(new byte[] { 0x76, 0x55 }, 0x0000, "MOV @R0,#55h")]
    [TestCase(new byte[] { 0xA7, 0xD0 }, 0x0000, "MOV @R1,PSW")]
    [TestCase(new byte[] { 0x84 }, 0x0000, "DIV AB")]
    [TestCase(new byte[] { 0xC0, 0x82 }, 0x0000, "PUSH DPL")]
    [TestCase(new byte[] { 0xD0, 0x83 }, 0x0000, "POP DPH")]
    [TestCase(new byte[] { 0x22 }, 0x0000, "RET")]
    [TestCase(new byte[] { 0xA5 }, 0x0000, "DB 0A5h ; undefined")]
    public void Disassembles_to_conventional_syntax(byte[] code, int address, string expected)
    {
        string text = Disassembler.Disassemble(code, address, out int length);
        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo(expected));
            Assert.That(length, Is.EqualTo(code.Length));
        });
    }

    [Test]
    public void Reads_only_the_instruction_bytes()
    {
        string text = Disassembler.Disassemble(new byte[] { 0x04, 0x74, 0x3A }, 0, out int length);
        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo("INC A"));
            Assert.That(length, Is.EqualTo(1));
        });
    }

    [Test]
    public void An_instruction_cut_short_is_shown_as_data()
    {
        string text = Disassembler.Disassemble(new byte[] { 0x02, 0x01 }, 0x1FFE, out int length);
        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo("DB 02h,01h ; incomplete LJMP"));
            Assert.That(length, Is.EqualTo(2));
        });
    }

    [Test]
    public void No_bytes_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => Disassembler.Disassemble(ReadOnlySpan<byte>.Empty, 0, out _));
    }
}
