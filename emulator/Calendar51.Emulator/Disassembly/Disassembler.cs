namespace Calendar51.Emulator.Disassembly;

/// <summary>
/// Turns MCS-51 machine code into conventional Intel syntax: <c>MOV A,#3Ah</c>, <c>MOV 30h,R2</c>,
/// SFR and bit names (<c>SETB TR0</c>, <c>CLR P1.5</c>), absolute targets for relative and 11-bit jumps
/// (<c>SJMP 0123h</c>). A5h and instructions cut short by the end of the bytes are shown as <c>DB</c>.
/// </summary>
public static class Disassembler
{
    /// <summary>Disassembles the instruction at the start of <paramref name="code"/>, located at <paramref name="address"/>.</summary>
    /// <param name="code">The bytes from the instruction on (up to three are looked at).</param>
    /// <param name="address">Where the instruction sits, for relative and 11-bit jump targets.</param>
    /// <param name="length">Bytes consumed: the instruction's length, or all of <paramref name="code"/> when it holds only part of one.</param>
    public static string Disassemble(ReadOnlySpan<byte> code, int address, out int length)
    {
        if (code.IsEmpty)
        {
            throw new ArgumentException("no bytes to disassemble", nameof(code));
        }
        var info = Opcodes.Table[code[0]];
        if (!info.IsDefined)
        {
            length = 1;
            return $"DB {HexText.Byte(code[0])} ; undefined";
        }
        if (code.Length < info.Length)
        {
            length = code.Length;
            return $"DB {string.Join(",", code.ToArray().Select(b => HexText.Byte(b)))} ; incomplete {info.Mnemonic}";
        }

        length = info.Length;
        var instruction = code[..info.Length];
        int nextAddress = (address + info.Length) & 0xFFFF;
        if (info.OperandCount == 0)
        {
            return info.Mnemonic;
        }

        // MOV direct,direct (85h) stores source then destination; every other opcode stores operands in order.
        if (info.Opcode == 0x85)
        {
            return $"MOV {Direct(instruction[2])},{Direct(instruction[1])}";
        }

        var operands = new List<string>(3);
        int next = 1;
        foreach (var kind in new[] { info.Operand1, info.Operand2, info.Operand3 })
        {
            if (kind == OperandKind.None)
            {
                break;
            }
            operands.Add(Operand(kind, instruction, ref next, nextAddress));
        }
        return $"{info.Mnemonic} {string.Join(",", operands)}";
    }

    private static string Operand(OperandKind kind, ReadOnlySpan<byte> instruction, ref int next, int nextAddress)
    {
        switch (kind)
        {
            case OperandKind.A: return "A";
            case OperandKind.AB: return "AB";
            case OperandKind.C: return "C";
            case OperandKind.Dptr: return "DPTR";
            case >= OperandKind.R0 and <= OperandKind.R7: return $"R{kind - OperandKind.R0}";
            case OperandKind.AtR0: return "@R0";
            case OperandKind.AtR1: return "@R1";
            case OperandKind.AtDptr: return "@DPTR";
            case OperandKind.AtAPlusDptr: return "@A+DPTR";
            case OperandKind.AtAPlusPc: return "@A+PC";
            case OperandKind.Direct: return Direct(instruction[next++]);
            case OperandKind.Immediate: return "#" + HexText.Byte(instruction[next++]);
            case OperandKind.Immediate16:
                next += 2;
                return "#" + HexText.Word((instruction[next - 2] << 8) | instruction[next - 1]);
            case OperandKind.Bit: return SfrNames.Bit(instruction[next++]);
            case OperandKind.NotBit: return "/" + SfrNames.Bit(instruction[next++]);
            case OperandKind.Relative: return HexText.Word(nextAddress + (sbyte)instruction[next++]);
            case OperandKind.Addr11:
                // Bits 10–8 come from the opcode's top three bits; the page is that of the next instruction.
                return HexText.Word((nextAddress & 0xF800) | ((instruction[0] >> 5) << 8) | instruction[next++]);
            case OperandKind.Addr16:
                next += 2;
                return HexText.Word((instruction[next - 2] << 8) | instruction[next - 1]);
            default:
                throw new InvalidOperationException($"operand kind {kind} has no text");
        }
    }

    private static string Direct(byte address) => SfrNames.Register(address) ?? HexText.Byte(address);
}
