using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Debugging;

/// <summary>
/// One byte of the MCU's memory as a single number, so that a set of watched bytes is a set of ints:
/// internal RAM 00h–FFh as itself, SFRs as 100h + address, external data memory as 10000h + address.
/// </summary>
public static class MemoryCell
{
    public static int Iram(int address) => address & 0xFF;
    public static int Sfr(int address) => 0x100 | (address & 0xFF);
    public static int Xdata(int address) => 0x10000 + (address & 0xFFFF);

    /// <summary>A direct address: RAM below 80h, an SFR from 80h.</summary>
    public static int Direct(int address) => address < 0x80 ? Iram(address) : Sfr(address);

    /// <summary>The byte that holds a bit: 20h–2Fh for bits 00h–7Fh, the SFR at (bit &amp; F8h) above.</summary>
    public static int OfBit(int bit) => bit < 0x80 ? Iram(0x20 + (bit >> 3)) : Sfr(bit & 0xF8);

    public static string Describe(int cell) => cell switch
    {
        < 0x100 => $"data 0x{cell:X2}",
        < 0x200 => $"SFR 0x{cell & 0xFF:X2}",
        _ => $"xdata 0x{cell - 0x10000:X4}",
    };
}

/// <summary>
/// Which bytes the instruction at PC is about to write, decoded from the instruction and the current
/// registers (bank, R0/R1, SP, DPTR). A debugger asks this before each instruction while data
/// breakpoints are set, so the core's hot loop carries no write hook. Covers every explicit write
/// to RAM, SFRs (by direct address), bits, the stack (PUSH, ACALL, LCALL) and MOVX; not the
/// implicit writes of A, B, PSW and DPTR by arithmetic, nor the interrupt system's pushes.
/// </summary>
public static class WriteTargets
{
    /// <summary>Fills <paramref name="cells"/> (at least 2 long) and returns how many bytes the instruction writes.</summary>
    public static int Of(Mcs51 cpu, Span<int> cells)
    {
        int pc = cpu.PC;
        byte Code(int offset) => pc + offset < cpu.CodeMemory.Length ? cpu.CodeMemory[pc + offset] : (byte)0xFF;
        int opcode = Code(0);
        int bank = cpu.PeekDirect(Sfr.PSW) & 0x18;
        int sp = cpu.PeekDirect(Sfr.SP);
        int Register(int n) => bank + n;
        int At(int ri) => MemoryCell.Iram(cpu.InternalRam[Register(ri)]);

        if ((opcode & 0x1F) == 0x11 || opcode == 0x12)
        {
            cells[0] = MemoryCell.Iram(sp + 1);
            cells[1] = MemoryCell.Iram(sp + 2);
            return 2;
        }
        int low = opcode & 0x0F;
        int high = opcode & 0xF0;
        if (high == 0x80 && low >= 6)
        {
            // MOV dir,@Ri and MOV dir,Rn write the direct address.
            cells[0] = MemoryCell.Direct(Code(1));
            return 1;
        }
        if (low >= 8)
        {
            // Rn forms: INC, DEC, MOV Rn,#, MOV Rn,dir, XCH, DJNZ, MOV Rn,A write the register.
            if (high is 0x00 or 0x10 or 0x70 or 0xA0 or 0xC0 or 0xD0 or 0xF0)
            {
                cells[0] = MemoryCell.Iram(Register(low - 8));
                return 1;
            }
            return 0;
        }
        if (low is 6 or 7)
        {
            // @Ri forms: INC, DEC, MOV @Ri,#, MOV @Ri,dir, XCH, XCHD, MOV @Ri,A write the byte R0/R1 points at.
            if (high is 0x00 or 0x10 or 0x70 or 0xA0 or 0xC0 or 0xD0 or 0xF0)
            {
                cells[0] = At(low - 6);
                return 1;
            }
            return 0;
        }
        switch (opcode)
        {
            case 0x05: case 0x15: case 0x42: case 0x43: case 0x52: case 0x53: case 0x62: case 0x63:
            case 0x75: case 0xC5: case 0xD0: case 0xD5: case 0xF5:
                cells[0] = MemoryCell.Direct(Code(1));
                return 1;
            case 0x85:
                cells[0] = MemoryCell.Direct(Code(2));   // MOV dir,dir: source first, destination second
                return 1;
            case 0xC0:
                cells[0] = MemoryCell.Iram(sp + 1);
                return 1;
            case 0x10: case 0x92: case 0xB2: case 0xC2: case 0xD2:
                cells[0] = MemoryCell.OfBit(Code(1));
                return 1;
            case 0xF0:
                cells[0] = MemoryCell.Xdata((cpu.PeekDirect(Sfr.DPH) << 8) | cpu.PeekDirect(Sfr.DPL));
                return 1;
            case 0xF2: case 0xF3:
                {
                    int ri = cpu.InternalRam[Register(opcode - 0xF2)];
                    int page = cpu.Part.OnChipXramSize > 0 ? 0 : cpu.PeekDirect(Sfr.P2) << 8;
                    cells[0] = MemoryCell.Xdata(page | ri);
                    return 1;
                }
            default:
                return 0;
        }
    }
}
