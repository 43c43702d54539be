using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Calendar51.Emulator.Disassembly;

namespace Calendar51.Emulator.Cpu;

/// <summary>The instruction set: one switch case per opcode, so the JIT emits a single jump table.</summary>
public sealed partial class Mcs51
{
    // Code memory is 64 KB and every index is masked to 16 bits, and a register address is at most
    // 1Fh, so these reads skip the bounds check the JIT cannot prove unnecessary.
    private byte Imm1
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(code), (pc + 1) & 0xFFFF);
    }

    private byte Imm2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(code), (pc + 2) & 0xFFFF);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte Register(int number) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(iram), registerBank + number);

    /// <summary>How the instruction loop is specialised: the JIT compiles one copy per mode, so the checks a mode does not need cost nothing.</summary>
    private interface IExecutionMode
    {
        /// <summary>Run translated regions where there are (and count arrivals where there are not).</summary>
        static abstract bool Translates { get; }

        /// <summary>Execute exactly one instruction with what follows it (events, interrupt poll), without the loop's checks: for translated code.</summary>
        static abstract bool SingleInstruction { get; }
    }

    private struct Interpreted : IExecutionMode
    {
        public static bool Translates => false;
        public static bool SingleInstruction => false;
    }

    private struct Translated : IExecutionMode
    {
        public static bool Translates => true;
        public static bool SingleInstruction => false;
    }

    private struct OneInstruction : IExecutionMode
    {
        public static bool Translates => false;
        public static bool SingleInstruction => true;
    }

    /// <summary>
    /// Executes instructions until the cycle counter reaches <see cref="stopAt"/> (returns false) or
    /// PC reaches <paramref name="untilPc"/> (returns true).
    /// </summary>
    private bool ExecuteUntil(int untilPc) => TranslationEnabled ? Execute<Translated>(untilPc) : Execute<Interpreted>(untilPc);

    /// <summary>
    /// One instruction at PC exactly as the interpreter runs it, then its events and interrupt poll:
    /// translated code calls it for the instructions it leaves to the interpreter (port, timer,
    /// serial and interrupt-control SFRs, PSW, RETI, jumps to themselves).
    /// </summary>
    internal void InterpretOne() => Execute<OneInstruction>(-1);

    /// <summary>
    /// CLR bit or SETB bit (C2h/D2h) at PC on an SFR bit other than PSW's, for translated code: the
    /// interpreter's case for it without the dispatch (a port line toggled by bit-banging, EA).
    /// </summary>
    internal void WriteSfrBitForTranslation(int bit, bool value)
    {
        instructionEnd = cycles + 1;
        WriteBit(bit, value);
        pc = (pc + 2) & 0xFFFF;
        EndInstruction();
    }

    /// <summary>The end of every instruction: time moves on, and the flags raised during it are polled at its end, as in s51.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndInstruction()
    {
        cycles = instructionEnd;
        if (nextEventCycle < cycles) ProcessEventsThrough(cycles - 1);
        if (interruptCheckNeeded) PollInterrupts();
    }

    /// <summary>The interpreter. The switch sits inside the loop so that an instruction costs one indirect jump and no call.</summary>
    private bool Execute<TMode>(int untilPc) where TMode : struct, IExecutionMode
    {
        if (TMode.Translates) EnsureTranslationTables();
        while (TMode.SingleInstruction || cycles < stopAt)
        {
            if (!TMode.SingleInstruction)
            {
                if (pc == untilPc) return true;
                if (TMode.Translates && TryRunTranslated(untilPc)) continue;
            }
            int opcode = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(code), pc);
            instructionEnd = cycles + Unsafe.Add(ref MemoryMarshal.GetReference(Opcodes.Cycles), opcode);
            switch (opcode)
            {
                case 0x00: pc = (pc + 1) & 0xFFFF; break;
                case 0x01: { int target = ((pc + 2) & 0xF800) | 0x0000 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0x02: { int target = (Imm1 << 8) | Imm2; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0x03: acc = (byte)((acc >> 1) | (acc << 7)); pc = (pc + 1) & 0xFFFF; break;
                case 0x04: acc++; pc = (pc + 1) & 0xFFFF; break;
                case 0x05: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) + 1)); pc = (pc + 2) & 0xFFFF; } break;
                case 0x06: { int a = Register(0); WriteIndirect(a, (byte)(ReadIndirect(a) + 1)); pc = (pc + 1) & 0xFFFF; } break;
                case 0x07: { int a = Register(1); WriteIndirect(a, (byte)(ReadIndirect(a) + 1)); pc = (pc + 1) & 0xFFFF; } break;
                case 0x08: Register(0)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x09: Register(1)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x0A: Register(2)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x0B: Register(3)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x0C: Register(4)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x0D: Register(5)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x0E: Register(6)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x0F: Register(7)++; pc = (pc + 1) & 0xFFFF; break;
                case 0x10: { int bit = Imm1; if (ReadBitForModify(bit)) { WriteBit(bit, false); pc = (pc + 3 + (sbyte)Imm2) & 0xFFFF; } else pc = (pc + 3) & 0xFFFF; } break;
                case 0x11: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0000 | Imm1; } break;
                case 0x12: { int ret = (pc + 3) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (Imm1 << 8) | Imm2; } break;
                case 0x13: { int carryIn = psw & FlagCarry; psw = (byte)((psw & ~FlagCarry) | ((acc & 1) << 7)); acc = (byte)((acc >> 1) | carryIn); pc = (pc + 1) & 0xFFFF; } break;
                case 0x14: acc--; pc = (pc + 1) & 0xFFFF; break;
                case 0x15: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) - 1)); pc = (pc + 2) & 0xFFFF; } break;
                case 0x16: { int a = Register(0); WriteIndirect(a, (byte)(ReadIndirect(a) - 1)); pc = (pc + 1) & 0xFFFF; } break;
                case 0x17: { int a = Register(1); WriteIndirect(a, (byte)(ReadIndirect(a) - 1)); pc = (pc + 1) & 0xFFFF; } break;
                case 0x18: Register(0)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x19: Register(1)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x1A: Register(2)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x1B: Register(3)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x1C: Register(4)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x1D: Register(5)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x1E: Register(6)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x1F: Register(7)--; pc = (pc + 1) & 0xFFFF; break;
                case 0x20: pc = (ReadBit(Imm1) ? pc + 3 + (sbyte)Imm2 : pc + 3) & 0xFFFF; break;
                case 0x21: { int target = ((pc + 2) & 0xF800) | 0x0100 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0x22: { int high = Pop(); pc = (high << 8) | Pop(); } break;
                case 0x23: acc = (byte)((acc << 1) | (acc >> 7)); pc = (pc + 1) & 0xFFFF; break;
                case 0x24: Add(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x25: Add(ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0x26: Add(ReadIndirect(Register(0))); pc = (pc + 1) & 0xFFFF; break;
                case 0x27: Add(ReadIndirect(Register(1))); pc = (pc + 1) & 0xFFFF; break;
                case 0x28: Add(Register(0)); pc = (pc + 1) & 0xFFFF; break;
                case 0x29: Add(Register(1)); pc = (pc + 1) & 0xFFFF; break;
                case 0x2A: Add(Register(2)); pc = (pc + 1) & 0xFFFF; break;
                case 0x2B: Add(Register(3)); pc = (pc + 1) & 0xFFFF; break;
                case 0x2C: Add(Register(4)); pc = (pc + 1) & 0xFFFF; break;
                case 0x2D: Add(Register(5)); pc = (pc + 1) & 0xFFFF; break;
                case 0x2E: Add(Register(6)); pc = (pc + 1) & 0xFFFF; break;
                case 0x2F: Add(Register(7)); pc = (pc + 1) & 0xFFFF; break;
                case 0x30: pc = (!ReadBit(Imm1) ? pc + 3 + (sbyte)Imm2 : pc + 3) & 0xFFFF; break;
                case 0x31: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0100 | Imm1; } break;
                case 0x32: { int high = Pop(); pc = (high << 8) | Pop(); ReturnFromInterrupt(); } break;
                case 0x33: { int carryIn = (psw & FlagCarry) >> 7; psw = (byte)((psw & ~FlagCarry) | (acc & 0x80)); acc = (byte)((acc << 1) | carryIn); pc = (pc + 1) & 0xFFFF; } break;
                case 0x34: AddWithCarry(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x35: AddWithCarry(ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0x36: AddWithCarry(ReadIndirect(Register(0))); pc = (pc + 1) & 0xFFFF; break;
                case 0x37: AddWithCarry(ReadIndirect(Register(1))); pc = (pc + 1) & 0xFFFF; break;
                case 0x38: AddWithCarry(Register(0)); pc = (pc + 1) & 0xFFFF; break;
                case 0x39: AddWithCarry(Register(1)); pc = (pc + 1) & 0xFFFF; break;
                case 0x3A: AddWithCarry(Register(2)); pc = (pc + 1) & 0xFFFF; break;
                case 0x3B: AddWithCarry(Register(3)); pc = (pc + 1) & 0xFFFF; break;
                case 0x3C: AddWithCarry(Register(4)); pc = (pc + 1) & 0xFFFF; break;
                case 0x3D: AddWithCarry(Register(5)); pc = (pc + 1) & 0xFFFF; break;
                case 0x3E: AddWithCarry(Register(6)); pc = (pc + 1) & 0xFFFF; break;
                case 0x3F: AddWithCarry(Register(7)); pc = (pc + 1) & 0xFFFF; break;
                case 0x40: pc = ((psw & FlagCarry) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0x41: { int target = ((pc + 2) & 0xF800) | 0x0200 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0x42: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) | acc)); pc = (pc + 2) & 0xFFFF; } break;
                case 0x43: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) | Imm2)); pc = (pc + 3) & 0xFFFF; } break;
                case 0x44: acc = (byte)(acc | Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x45: acc = (byte)(acc | ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0x46: acc = (byte)(acc | ReadIndirect(Register(0))); pc = (pc + 1) & 0xFFFF; break;
                case 0x47: acc = (byte)(acc | ReadIndirect(Register(1))); pc = (pc + 1) & 0xFFFF; break;
                case 0x48: acc = (byte)(acc | Register(0)); pc = (pc + 1) & 0xFFFF; break;
                case 0x49: acc = (byte)(acc | Register(1)); pc = (pc + 1) & 0xFFFF; break;
                case 0x4A: acc = (byte)(acc | Register(2)); pc = (pc + 1) & 0xFFFF; break;
                case 0x4B: acc = (byte)(acc | Register(3)); pc = (pc + 1) & 0xFFFF; break;
                case 0x4C: acc = (byte)(acc | Register(4)); pc = (pc + 1) & 0xFFFF; break;
                case 0x4D: acc = (byte)(acc | Register(5)); pc = (pc + 1) & 0xFFFF; break;
                case 0x4E: acc = (byte)(acc | Register(6)); pc = (pc + 1) & 0xFFFF; break;
                case 0x4F: acc = (byte)(acc | Register(7)); pc = (pc + 1) & 0xFFFF; break;
                case 0x50: pc = ((psw & FlagCarry) == 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0x51: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0200 | Imm1; } break;
                case 0x52: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) & acc)); pc = (pc + 2) & 0xFFFF; } break;
                case 0x53: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) & Imm2)); pc = (pc + 3) & 0xFFFF; } break;
                case 0x54: acc = (byte)(acc & Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x55: acc = (byte)(acc & ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0x56: acc = (byte)(acc & ReadIndirect(Register(0))); pc = (pc + 1) & 0xFFFF; break;
                case 0x57: acc = (byte)(acc & ReadIndirect(Register(1))); pc = (pc + 1) & 0xFFFF; break;
                case 0x58: acc = (byte)(acc & Register(0)); pc = (pc + 1) & 0xFFFF; break;
                case 0x59: acc = (byte)(acc & Register(1)); pc = (pc + 1) & 0xFFFF; break;
                case 0x5A: acc = (byte)(acc & Register(2)); pc = (pc + 1) & 0xFFFF; break;
                case 0x5B: acc = (byte)(acc & Register(3)); pc = (pc + 1) & 0xFFFF; break;
                case 0x5C: acc = (byte)(acc & Register(4)); pc = (pc + 1) & 0xFFFF; break;
                case 0x5D: acc = (byte)(acc & Register(5)); pc = (pc + 1) & 0xFFFF; break;
                case 0x5E: acc = (byte)(acc & Register(6)); pc = (pc + 1) & 0xFFFF; break;
                case 0x5F: acc = (byte)(acc & Register(7)); pc = (pc + 1) & 0xFFFF; break;
                case 0x60: pc = (acc == 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0x61: { int target = ((pc + 2) & 0xF800) | 0x0300 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0x62: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) ^ acc)); pc = (pc + 2) & 0xFFFF; } break;
                case 0x63: { int a = Imm1; WriteDirect(a, (byte)(ReadDirectForModify(a) ^ Imm2)); pc = (pc + 3) & 0xFFFF; } break;
                case 0x64: acc = (byte)(acc ^ Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x65: acc = (byte)(acc ^ ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0x66: acc = (byte)(acc ^ ReadIndirect(Register(0))); pc = (pc + 1) & 0xFFFF; break;
                case 0x67: acc = (byte)(acc ^ ReadIndirect(Register(1))); pc = (pc + 1) & 0xFFFF; break;
                case 0x68: acc = (byte)(acc ^ Register(0)); pc = (pc + 1) & 0xFFFF; break;
                case 0x69: acc = (byte)(acc ^ Register(1)); pc = (pc + 1) & 0xFFFF; break;
                case 0x6A: acc = (byte)(acc ^ Register(2)); pc = (pc + 1) & 0xFFFF; break;
                case 0x6B: acc = (byte)(acc ^ Register(3)); pc = (pc + 1) & 0xFFFF; break;
                case 0x6C: acc = (byte)(acc ^ Register(4)); pc = (pc + 1) & 0xFFFF; break;
                case 0x6D: acc = (byte)(acc ^ Register(5)); pc = (pc + 1) & 0xFFFF; break;
                case 0x6E: acc = (byte)(acc ^ Register(6)); pc = (pc + 1) & 0xFFFF; break;
                case 0x6F: acc = (byte)(acc ^ Register(7)); pc = (pc + 1) & 0xFFFF; break;
                case 0x70: pc = (acc != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0x71: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0300 | Imm1; } break;
                case 0x72: { if (ReadBit(Imm1)) psw |= FlagCarry; pc = (pc + 2) & 0xFFFF; } break;
                case 0x73: pc = (acc + ((dph << 8) | dpl)) & 0xFFFF; break;
                case 0x74: acc = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x75: WriteDirect(Imm1, Imm2); pc = (pc + 3) & 0xFFFF; break;
                case 0x76: WriteIndirect(Register(0), Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x77: WriteIndirect(Register(1), Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x78: Register(0) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x79: Register(1) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x7A: Register(2) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x7B: Register(3) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x7C: Register(4) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x7D: Register(5) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x7E: Register(6) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x7F: Register(7) = Imm1; pc = (pc + 2) & 0xFFFF; break;
                case 0x80: { int rel = Imm1; if (rel == 0xFE) StopAfterThisInstruction(StopReason.SelfJump); pc = (pc + 2 + (sbyte)rel) & 0xFFFF; } break;
                case 0x81: { int target = ((pc + 2) & 0xF800) | 0x0400 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0x82: { if (!ReadBit(Imm1)) psw &= unchecked((byte)~FlagCarry); pc = (pc + 2) & 0xFFFF; } break;
                case 0x83: pc = (pc + 1) & 0xFFFF; acc = code[(acc + pc) & 0xFFFF]; break;
                case 0x84: DivideAB(); pc = (pc + 1) & 0xFFFF; break;
                case 0x85: WriteDirect(Imm2, ReadDirect(Imm1)); pc = (pc + 3) & 0xFFFF; break;
                case 0x86: WriteDirect(Imm1, ReadIndirect(Register(0))); pc = (pc + 2) & 0xFFFF; break;
                case 0x87: WriteDirect(Imm1, ReadIndirect(Register(1))); pc = (pc + 2) & 0xFFFF; break;
                case 0x88: WriteDirect(Imm1, Register(0)); pc = (pc + 2) & 0xFFFF; break;
                case 0x89: WriteDirect(Imm1, Register(1)); pc = (pc + 2) & 0xFFFF; break;
                case 0x8A: WriteDirect(Imm1, Register(2)); pc = (pc + 2) & 0xFFFF; break;
                case 0x8B: WriteDirect(Imm1, Register(3)); pc = (pc + 2) & 0xFFFF; break;
                case 0x8C: WriteDirect(Imm1, Register(4)); pc = (pc + 2) & 0xFFFF; break;
                case 0x8D: WriteDirect(Imm1, Register(5)); pc = (pc + 2) & 0xFFFF; break;
                case 0x8E: WriteDirect(Imm1, Register(6)); pc = (pc + 2) & 0xFFFF; break;
                case 0x8F: WriteDirect(Imm1, Register(7)); pc = (pc + 2) & 0xFFFF; break;
                case 0x90: dph = Imm1; dpl = Imm2; pc = (pc + 3) & 0xFFFF; break;
                case 0x91: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0400 | Imm1; } break;
                case 0x92: WriteBit(Imm1, (psw & FlagCarry) != 0); pc = (pc + 2) & 0xFFFF; break;
                case 0x93: acc = code[(acc + ((dph << 8) | dpl)) & 0xFFFF]; pc = (pc + 1) & 0xFFFF; break;
                case 0x94: SubtractWithBorrow(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0x95: SubtractWithBorrow(ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0x96: SubtractWithBorrow(ReadIndirect(Register(0))); pc = (pc + 1) & 0xFFFF; break;
                case 0x97: SubtractWithBorrow(ReadIndirect(Register(1))); pc = (pc + 1) & 0xFFFF; break;
                case 0x98: SubtractWithBorrow(Register(0)); pc = (pc + 1) & 0xFFFF; break;
                case 0x99: SubtractWithBorrow(Register(1)); pc = (pc + 1) & 0xFFFF; break;
                case 0x9A: SubtractWithBorrow(Register(2)); pc = (pc + 1) & 0xFFFF; break;
                case 0x9B: SubtractWithBorrow(Register(3)); pc = (pc + 1) & 0xFFFF; break;
                case 0x9C: SubtractWithBorrow(Register(4)); pc = (pc + 1) & 0xFFFF; break;
                case 0x9D: SubtractWithBorrow(Register(5)); pc = (pc + 1) & 0xFFFF; break;
                case 0x9E: SubtractWithBorrow(Register(6)); pc = (pc + 1) & 0xFFFF; break;
                case 0x9F: SubtractWithBorrow(Register(7)); pc = (pc + 1) & 0xFFFF; break;
                case 0xA0: { if (!ReadBit(Imm1)) psw |= FlagCarry; pc = (pc + 2) & 0xFFFF; } break;
                case 0xA1: { int target = ((pc + 2) & 0xF800) | 0x0500 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0xA2: psw = (byte)(ReadBit(Imm1) ? psw | FlagCarry : psw & ~FlagCarry); pc = (pc + 2) & 0xFFFF; break;
                case 0xA3: { int dptr = (((dph << 8) | dpl) + 1) & 0xFFFF; dph = (byte)(dptr >> 8); dpl = (byte)dptr; pc = (pc + 1) & 0xFFFF; } break;
                case 0xA4: MultiplyAB(); pc = (pc + 1) & 0xFFFF; break;
                case 0xA5: pc = (pc + 1) & 0xFFFF; break; // undefined on real parts: a one-cycle no-op here
                case 0xA6: WriteIndirect(Register(0), ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0xA7: WriteIndirect(Register(1), ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0xA8: Register(0) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xA9: Register(1) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xAA: Register(2) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xAB: Register(3) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xAC: Register(4) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xAD: Register(5) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xAE: Register(6) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xAF: Register(7) = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xB0: { if (ReadBit(Imm1)) psw &= unchecked((byte)~FlagCarry); pc = (pc + 2) & 0xFFFF; } break;
                case 0xB1: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0500 | Imm1; } break;
                case 0xB2: { int bit = Imm1; WriteBit(bit, !ReadBitForModify(bit)); pc = (pc + 2) & 0xFFFF; } break;
                case 0xB3: psw ^= FlagCarry; pc = (pc + 1) & 0xFFFF; break;
                case 0xB4: CompareAndJump(acc, Imm1);  break;
                case 0xB5: CompareAndJump(acc, ReadDirect(Imm1));  break;
                case 0xB6: CompareAndJump(ReadIndirect(Register(0)), Imm1);  break;
                case 0xB7: CompareAndJump(ReadIndirect(Register(1)), Imm1);  break;
                case 0xB8: CompareAndJump(Register(0), Imm1);  break;
                case 0xB9: CompareAndJump(Register(1), Imm1);  break;
                case 0xBA: CompareAndJump(Register(2), Imm1);  break;
                case 0xBB: CompareAndJump(Register(3), Imm1);  break;
                case 0xBC: CompareAndJump(Register(4), Imm1);  break;
                case 0xBD: CompareAndJump(Register(5), Imm1);  break;
                case 0xBE: CompareAndJump(Register(6), Imm1);  break;
                case 0xBF: CompareAndJump(Register(7), Imm1);  break;
                case 0xC0: Push(ReadDirect(Imm1)); pc = (pc + 2) & 0xFFFF; break;
                case 0xC1: { int target = ((pc + 2) & 0xF800) | 0x0600 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0xC2: WriteBit(Imm1, false); pc = (pc + 2) & 0xFFFF; break;
                case 0xC3: psw &= unchecked((byte)~FlagCarry); pc = (pc + 1) & 0xFFFF; break;
                case 0xC4: acc = (byte)((acc << 4) | (acc >> 4)); pc = (pc + 1) & 0xFFFF; break;
                case 0xC5: { int a = Imm1; byte value = ReadDirect(a); WriteDirect(a, acc); acc = value; pc = (pc + 2) & 0xFFFF; } break;
                case 0xC6: { int a = Register(0); byte value = ReadIndirect(a); WriteIndirect(a, acc); acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xC7: { int a = Register(1); byte value = ReadIndirect(a); WriteIndirect(a, acc); acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xC8: { byte value = Register(0); Register(0) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xC9: { byte value = Register(1); Register(1) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xCA: { byte value = Register(2); Register(2) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xCB: { byte value = Register(3); Register(3) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xCC: { byte value = Register(4); Register(4) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xCD: { byte value = Register(5); Register(5) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xCE: { byte value = Register(6); Register(6) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xCF: { byte value = Register(7); Register(7) = acc; acc = value; pc = (pc + 1) & 0xFFFF; } break;
                case 0xD0: WriteDirect(Imm1, Pop()); pc = (pc + 2) & 0xFFFF; break;
                case 0xD1: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0600 | Imm1; } break;
                case 0xD2: WriteBit(Imm1, true); pc = (pc + 2) & 0xFFFF; break;
                case 0xD3: psw |= FlagCarry; pc = (pc + 1) & 0xFFFF; break;
                case 0xD4: DecimalAdjust(); pc = (pc + 1) & 0xFFFF; break;
                case 0xD5: { int a = Imm1; byte value = (byte)(ReadDirectForModify(a) - 1); WriteDirect(a, value); pc = (value != 0 ? pc + 3 + (sbyte)Imm2 : pc + 3) & 0xFFFF; } break;
                case 0xD6: { int a = Register(0); byte value = ReadIndirect(a); WriteIndirect(a, (byte)((value & 0xF0) | (acc & 0x0F))); acc = (byte)((acc & 0xF0) | (value & 0x0F)); pc = (pc + 1) & 0xFFFF; } break;
                case 0xD7: { int a = Register(1); byte value = ReadIndirect(a); WriteIndirect(a, (byte)((value & 0xF0) | (acc & 0x0F))); acc = (byte)((acc & 0xF0) | (value & 0x0F)); pc = (pc + 1) & 0xFFFF; } break;
                case 0xD8: pc = (--Register(0) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xD9: pc = (--Register(1) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xDA: pc = (--Register(2) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xDB: pc = (--Register(3) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xDC: pc = (--Register(4) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xDD: pc = (--Register(5) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xDE: pc = (--Register(6) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xDF: pc = (--Register(7) != 0 ? pc + 2 + (sbyte)Imm1 : pc + 2) & 0xFFFF; break;
                case 0xE0: acc = ReadXram((dph << 8) | dpl); pc = (pc + 1) & 0xFFFF; break;
                case 0xE1: { int target = ((pc + 2) & 0xF800) | 0x0700 | Imm1; if (target == pc) StopAfterThisInstruction(StopReason.SelfJump); pc = target; } break;
                case 0xE2: acc = ReadXram(XramAddressForRi(Register(0))); pc = (pc + 1) & 0xFFFF; break;
                case 0xE3: acc = ReadXram(XramAddressForRi(Register(1))); pc = (pc + 1) & 0xFFFF; break;
                case 0xE4: acc = 0; pc = (pc + 1) & 0xFFFF; break;
                case 0xE5: acc = ReadDirect(Imm1); pc = (pc + 2) & 0xFFFF; break;
                case 0xE6: acc = ReadIndirect(Register(0)); pc = (pc + 1) & 0xFFFF; break;
                case 0xE7: acc = ReadIndirect(Register(1)); pc = (pc + 1) & 0xFFFF; break;
                case 0xE8: acc = Register(0); pc = (pc + 1) & 0xFFFF; break;
                case 0xE9: acc = Register(1); pc = (pc + 1) & 0xFFFF; break;
                case 0xEA: acc = Register(2); pc = (pc + 1) & 0xFFFF; break;
                case 0xEB: acc = Register(3); pc = (pc + 1) & 0xFFFF; break;
                case 0xEC: acc = Register(4); pc = (pc + 1) & 0xFFFF; break;
                case 0xED: acc = Register(5); pc = (pc + 1) & 0xFFFF; break;
                case 0xEE: acc = Register(6); pc = (pc + 1) & 0xFFFF; break;
                case 0xEF: acc = Register(7); pc = (pc + 1) & 0xFFFF; break;
                case 0xF0: WriteXram((dph << 8) | dpl, acc); pc = (pc + 1) & 0xFFFF; break;
                case 0xF1: { int ret = (pc + 2) & 0xFFFF; Push((byte)ret); Push((byte)(ret >> 8)); pc = (ret & 0xF800) | 0x0700 | Imm1; } break;
                case 0xF2: WriteXram(XramAddressForRi(Register(0)), acc); pc = (pc + 1) & 0xFFFF; break;
                case 0xF3: WriteXram(XramAddressForRi(Register(1)), acc); pc = (pc + 1) & 0xFFFF; break;
                case 0xF4: acc = (byte)~acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xF5: WriteDirect(Imm1, acc); pc = (pc + 2) & 0xFFFF; break;
                case 0xF6: WriteIndirect(Register(0), acc); pc = (pc + 1) & 0xFFFF; break;
                case 0xF7: WriteIndirect(Register(1), acc); pc = (pc + 1) & 0xFFFF; break;
                case 0xF8: Register(0) = acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xF9: Register(1) = acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xFA: Register(2) = acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xFB: Register(3) = acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xFC: Register(4) = acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xFD: Register(5) = acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xFE: Register(6) = acc; pc = (pc + 1) & 0xFFFF; break;
                case 0xFF: Register(7) = acc; pc = (pc + 1) & 0xFFFF; break;
            }
            EndInstruction();
            if (TMode.SingleInstruction) break;
        }
        return false;
    }

    private void Add(byte operand)
    {
        int result = acc + operand;
        int flags = psw & ~(FlagCarry | FlagAuxCarry | FlagOverflow);
        if (result > 0xFF) flags |= FlagCarry;
        if ((acc & 0x0F) + (operand & 0x0F) > 0x0F) flags |= FlagAuxCarry;
        if (((acc ^ result) & (operand ^ result) & 0x80) != 0) flags |= FlagOverflow;
        psw = (byte)flags;
        acc = (byte)result;
    }

    private void AddWithCarry(byte operand)
    {
        int carry = (psw & FlagCarry) >> 7;
        int result = acc + operand + carry;
        int flags = psw & ~(FlagCarry | FlagAuxCarry | FlagOverflow);
        if (result > 0xFF) flags |= FlagCarry;
        if ((acc & 0x0F) + (operand & 0x0F) + carry > 0x0F) flags |= FlagAuxCarry;
        if (((acc ^ result) & (operand ^ result) & 0x80) != 0) flags |= FlagOverflow;
        psw = (byte)flags;
        acc = (byte)result;
    }

    private void SubtractWithBorrow(byte operand)
    {
        int borrow = (psw & FlagCarry) >> 7;
        int result = acc - operand - borrow;
        int flags = psw & ~(FlagCarry | FlagAuxCarry | FlagOverflow);
        if (result < 0) flags |= FlagCarry;
        if ((acc & 0x0F) - (operand & 0x0F) - borrow < 0) flags |= FlagAuxCarry;
        if (((acc ^ operand) & (acc ^ result) & 0x80) != 0) flags |= FlagOverflow;
        psw = (byte)flags;
        acc = (byte)result;
    }

    private void MultiplyAB()
    {
        int product = acc * b;
        acc = (byte)product;
        b = (byte)(product >> 8);
        psw = (byte)((psw & ~(FlagCarry | FlagOverflow)) | (product > 0xFF ? FlagOverflow : 0));
    }

    private void DivideAB()
    {
        int flags = psw & ~(FlagCarry | FlagOverflow);
        if (b == 0)
        {
            // Division by zero: OV set, A and B left unchanged (the datasheet calls them undefined).
            psw = (byte)(flags | FlagOverflow);
            return;
        }
        int quotient = acc / b;
        b = (byte)(acc % b);
        acc = (byte)quotient;
        psw = (byte)flags;
    }

    private void DecimalAdjust()
    {
        int value = acc;
        if ((psw & FlagAuxCarry) != 0 || (value & 0x0F) > 9) value += 0x06;
        if ((psw & FlagCarry) != 0 || (value & 0x1F0) > 0x90) value += 0x60;
        if (value > 0xFF) psw |= FlagCarry;
        acc = (byte)value;
    }

    private void CompareAndJump(byte left, byte right)
    {
        psw = (byte)(left < right ? psw | FlagCarry : psw & ~FlagCarry);
        pc = (left != right ? pc + 3 + (sbyte)Imm2 : pc + 3) & 0xFFFF;
    }
}
