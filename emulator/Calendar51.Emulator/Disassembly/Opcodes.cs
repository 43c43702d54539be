namespace Calendar51.Emulator.Disassembly;

/// <summary>What an operand of an MCS-51 instruction is, in assembler order.</summary>
internal enum OperandKind : byte
{
    None,
    A,
    AB,
    C,
    Dptr,
    R0, R1, R2, R3, R4, R5, R6, R7,
    AtR0,
    AtR1,
    AtDptr,
    AtAPlusDptr,
    AtAPlusPc,
    /// <summary>One byte: internal RAM address 00h–7Fh or SFR 80h–FFh.</summary>
    Direct,
    /// <summary>One byte: #data.</summary>
    Immediate,
    /// <summary>Two bytes, high first: #data16 (only MOV DPTR).</summary>
    Immediate16,
    /// <summary>One byte: bit address.</summary>
    Bit,
    /// <summary>One byte: bit address, complemented (ANL/ORL C,/bit).</summary>
    NotBit,
    /// <summary>One byte: signed offset from the address of the next instruction.</summary>
    Relative,
    /// <summary>Bits 10–8 in the opcode's top three bits, bits 7–0 in the next byte; same 2 KB page as the next instruction.</summary>
    Addr11,
    /// <summary>Two bytes, high first.</summary>
    Addr16,
}

/// <summary>
/// One opcode: mnemonic, operands in assembler order, size and machine cycles (12 clocks each).
/// Operand bytes follow the opcode in operand order, except <c>MOV direct,direct</c> (85h), which
/// stores the source before the destination.
/// </summary>
internal readonly record struct OpcodeInfo(
    byte Opcode,
    string Mnemonic,
    int Length,
    int Cycles,
    OperandKind Operand1 = OperandKind.None,
    OperandKind Operand2 = OperandKind.None,
    OperandKind Operand3 = OperandKind.None)
{
    /// <summary>False only for A5h, which no MCS-51 part defines.</summary>
    public bool IsDefined => Mnemonic.Length != 0;

    public int OperandCount =>
        Operand1 == OperandKind.None ? 0 : Operand2 == OperandKind.None ? 1 : Operand3 == OperandKind.None ? 2 : 3;
}

/// <summary>
/// The 256-entry MCS-51 instruction set, as given in the Intel MCS-51 and Atmel 8051 instruction-set
/// tables (lengths and machine cycles for the classic 12-clock core).
/// </summary>
/// <remarks>
/// A5h is undefined on real parts. Our documented behaviour: it executes as a 1-byte, 1-cycle no-op
/// and listings and traces show it as <c>DB 0A5h ; undefined</c>. Its entry has an empty mnemonic.
/// </remarks>
internal static class Opcodes
{
    public const byte Undefined = 0xA5;

    private static readonly OpcodeInfo[] s_table = BuildTable();
    private static readonly byte[] s_length = s_table.Select(o => (byte)o.Length).ToArray();
    private static readonly byte[] s_cycles = s_table.Select(o => (byte)o.Cycles).ToArray();

    /// <summary>Every opcode, indexed by its first byte.</summary>
    public static ReadOnlySpan<OpcodeInfo> Table => s_table;

    /// <summary>Instruction length in bytes (1–3), indexed by opcode.</summary>
    public static ReadOnlySpan<byte> Length => s_length;

    /// <summary>Machine cycles (1, 2 or 4), indexed by opcode.</summary>
    public static ReadOnlySpan<byte> Cycles => s_cycles;

    private static OpcodeInfo[] BuildTable()
    {
        var table = new OpcodeInfo?[256];

        void Add(int opcode, string mnemonic, int length, int cycles,
            OperandKind op1 = OperandKind.None, OperandKind op2 = OperandKind.None, OperandKind op3 = OperandKind.None)
        {
            if (table[opcode] is not null)
            {
                throw new InvalidOperationException($"opcode {opcode:X2}h defined twice");
            }
            table[opcode] = new OpcodeInfo((byte)opcode, mnemonic, length, cycles, op1, op2, op3);
        }

        // The eight register forms occupy x8h–xFh, the two indirect forms x6h–x7h.
        static OperandKind Register(int n) => (OperandKind)((int)OperandKind.R0 + n);
        static OperandKind Indirect(int i) => (OperandKind)((int)OperandKind.AtR0 + i);

        // AJMP/ACALL carry address bits 10–8 in the opcode's top three bits.
        for (int page = 0; page < 8; page++)
        {
            Add((page << 5) | 0x01, "AJMP", 2, 2, OperandKind.Addr11);
            Add((page << 5) | 0x11, "ACALL", 2, 2, OperandKind.Addr11);
        }

        Add(0x00, "NOP", 1, 1);
        Add(0x02, "LJMP", 3, 2, OperandKind.Addr16);
        Add(0x03, "RR", 1, 1, OperandKind.A);
        Add(0x04, "INC", 1, 1, OperandKind.A);
        Add(0x05, "INC", 2, 1, OperandKind.Direct);

        Add(0x10, "JBC", 3, 2, OperandKind.Bit, OperandKind.Relative);
        Add(0x12, "LCALL", 3, 2, OperandKind.Addr16);
        Add(0x13, "RRC", 1, 1, OperandKind.A);
        Add(0x14, "DEC", 1, 1, OperandKind.A);
        Add(0x15, "DEC", 2, 1, OperandKind.Direct);

        Add(0x20, "JB", 3, 2, OperandKind.Bit, OperandKind.Relative);
        Add(0x22, "RET", 1, 2);
        Add(0x23, "RL", 1, 1, OperandKind.A);
        Add(0x24, "ADD", 2, 1, OperandKind.A, OperandKind.Immediate);
        Add(0x25, "ADD", 2, 1, OperandKind.A, OperandKind.Direct);

        Add(0x30, "JNB", 3, 2, OperandKind.Bit, OperandKind.Relative);
        Add(0x32, "RETI", 1, 2);
        Add(0x33, "RLC", 1, 1, OperandKind.A);
        Add(0x34, "ADDC", 2, 1, OperandKind.A, OperandKind.Immediate);
        Add(0x35, "ADDC", 2, 1, OperandKind.A, OperandKind.Direct);

        Add(0x40, "JC", 2, 2, OperandKind.Relative);
        Add(0x50, "JNC", 2, 2, OperandKind.Relative);
        Add(0x60, "JZ", 2, 2, OperandKind.Relative);
        Add(0x70, "JNZ", 2, 2, OperandKind.Relative);

        // ORL, ANL, XRL share one layout in rows 4, 5 and 6.
        foreach (var (row, mnemonic) in new[] { (0x40, "ORL"), (0x50, "ANL"), (0x60, "XRL") })
        {
            Add(row | 0x02, mnemonic, 2, 1, OperandKind.Direct, OperandKind.A);
            Add(row | 0x03, mnemonic, 3, 2, OperandKind.Direct, OperandKind.Immediate);
            Add(row | 0x04, mnemonic, 2, 1, OperandKind.A, OperandKind.Immediate);
            Add(row | 0x05, mnemonic, 2, 1, OperandKind.A, OperandKind.Direct);
        }

        Add(0x72, "ORL", 2, 2, OperandKind.C, OperandKind.Bit);
        Add(0x73, "JMP", 1, 2, OperandKind.AtAPlusDptr);
        Add(0x74, "MOV", 2, 1, OperandKind.A, OperandKind.Immediate);
        Add(0x75, "MOV", 3, 2, OperandKind.Direct, OperandKind.Immediate);

        Add(0x80, "SJMP", 2, 2, OperandKind.Relative);
        Add(0x82, "ANL", 2, 2, OperandKind.C, OperandKind.Bit);
        Add(0x83, "MOVC", 1, 2, OperandKind.A, OperandKind.AtAPlusPc);
        Add(0x84, "DIV", 1, 4, OperandKind.AB);
        Add(0x85, "MOV", 3, 2, OperandKind.Direct, OperandKind.Direct);

        Add(0x90, "MOV", 3, 2, OperandKind.Dptr, OperandKind.Immediate16);
        Add(0x92, "MOV", 2, 2, OperandKind.Bit, OperandKind.C);
        Add(0x93, "MOVC", 1, 2, OperandKind.A, OperandKind.AtAPlusDptr);
        Add(0x94, "SUBB", 2, 1, OperandKind.A, OperandKind.Immediate);
        Add(0x95, "SUBB", 2, 1, OperandKind.A, OperandKind.Direct);

        Add(0xA0, "ORL", 2, 2, OperandKind.C, OperandKind.NotBit);
        Add(0xA2, "MOV", 2, 1, OperandKind.C, OperandKind.Bit);
        Add(0xA3, "INC", 1, 2, OperandKind.Dptr);
        Add(0xA4, "MUL", 1, 4, OperandKind.AB);
        Add(Undefined, "", 1, 1);

        Add(0xB0, "ANL", 2, 2, OperandKind.C, OperandKind.NotBit);
        Add(0xB2, "CPL", 2, 1, OperandKind.Bit);
        Add(0xB3, "CPL", 1, 1, OperandKind.C);
        Add(0xB4, "CJNE", 3, 2, OperandKind.A, OperandKind.Immediate, OperandKind.Relative);
        Add(0xB5, "CJNE", 3, 2, OperandKind.A, OperandKind.Direct, OperandKind.Relative);

        Add(0xC0, "PUSH", 2, 2, OperandKind.Direct);
        Add(0xC2, "CLR", 2, 1, OperandKind.Bit);
        Add(0xC3, "CLR", 1, 1, OperandKind.C);
        Add(0xC4, "SWAP", 1, 1, OperandKind.A);
        Add(0xC5, "XCH", 2, 1, OperandKind.A, OperandKind.Direct);

        Add(0xD0, "POP", 2, 2, OperandKind.Direct);
        Add(0xD2, "SETB", 2, 1, OperandKind.Bit);
        Add(0xD3, "SETB", 1, 1, OperandKind.C);
        Add(0xD4, "DA", 1, 1, OperandKind.A);
        Add(0xD5, "DJNZ", 3, 2, OperandKind.Direct, OperandKind.Relative);

        Add(0xE0, "MOVX", 1, 2, OperandKind.A, OperandKind.AtDptr);
        Add(0xE4, "CLR", 1, 1, OperandKind.A);
        Add(0xE5, "MOV", 2, 1, OperandKind.A, OperandKind.Direct);

        Add(0xF0, "MOVX", 1, 2, OperandKind.AtDptr, OperandKind.A);
        Add(0xF4, "CPL", 1, 1, OperandKind.A);
        Add(0xF5, "MOV", 2, 1, OperandKind.Direct, OperandKind.A);

        for (int i = 0; i < 2; i++)
        {
            var at = Indirect(i);
            Add(0x06 + i, "INC", 1, 1, at);
            Add(0x16 + i, "DEC", 1, 1, at);
            Add(0x26 + i, "ADD", 1, 1, OperandKind.A, at);
            Add(0x36 + i, "ADDC", 1, 1, OperandKind.A, at);
            Add(0x46 + i, "ORL", 1, 1, OperandKind.A, at);
            Add(0x56 + i, "ANL", 1, 1, OperandKind.A, at);
            Add(0x66 + i, "XRL", 1, 1, OperandKind.A, at);
            Add(0x76 + i, "MOV", 2, 1, at, OperandKind.Immediate);
            Add(0x86 + i, "MOV", 2, 2, OperandKind.Direct, at);
            Add(0x96 + i, "SUBB", 1, 1, OperandKind.A, at);
            Add(0xA6 + i, "MOV", 2, 2, at, OperandKind.Direct);
            Add(0xB6 + i, "CJNE", 3, 2, at, OperandKind.Immediate, OperandKind.Relative);
            Add(0xC6 + i, "XCH", 1, 1, OperandKind.A, at);
            Add(0xD6 + i, "XCHD", 1, 1, OperandKind.A, at);
            Add(0xE2 + i, "MOVX", 1, 2, OperandKind.A, at);
            Add(0xE6 + i, "MOV", 1, 1, OperandKind.A, at);
            Add(0xF2 + i, "MOVX", 1, 2, at, OperandKind.A);
            Add(0xF6 + i, "MOV", 1, 1, at, OperandKind.A);
        }

        for (int n = 0; n < 8; n++)
        {
            var r = Register(n);
            Add(0x08 + n, "INC", 1, 1, r);
            Add(0x18 + n, "DEC", 1, 1, r);
            Add(0x28 + n, "ADD", 1, 1, OperandKind.A, r);
            Add(0x38 + n, "ADDC", 1, 1, OperandKind.A, r);
            Add(0x48 + n, "ORL", 1, 1, OperandKind.A, r);
            Add(0x58 + n, "ANL", 1, 1, OperandKind.A, r);
            Add(0x68 + n, "XRL", 1, 1, OperandKind.A, r);
            Add(0x78 + n, "MOV", 2, 1, r, OperandKind.Immediate);
            Add(0x88 + n, "MOV", 2, 2, OperandKind.Direct, r);
            Add(0x98 + n, "SUBB", 1, 1, OperandKind.A, r);
            Add(0xA8 + n, "MOV", 2, 2, r, OperandKind.Direct);
            Add(0xB8 + n, "CJNE", 3, 2, r, OperandKind.Immediate, OperandKind.Relative);
            Add(0xC8 + n, "XCH", 1, 1, OperandKind.A, r);
            Add(0xD8 + n, "DJNZ", 2, 2, r, OperandKind.Relative);
            Add(0xE8 + n, "MOV", 1, 1, OperandKind.A, r);
            Add(0xF8 + n, "MOV", 1, 1, r, OperandKind.A);
        }

        var missing = Enumerable.Range(0, 256).Where(i => table[i] is null).ToList();
        if (missing.Count != 0)
        {
            throw new InvalidOperationException($"opcodes missing from the table: {string.Join(", ", missing.Select(i => $"{i:X2}h"))}");
        }
        return table.Select(entry => entry!.Value).ToArray();
    }
}
