using System.Runtime.CompilerServices;

namespace Calendar51.Emulator.Cpu;

/// <summary>
/// An MCS-51 core with the classic 12-clock timing: every instruction takes the 1, 2 or 4 machine
/// cycles of the Intel/Atmel tables, and timers, UART and interrupts advance in machine cycles.
/// Peripherals are evaluated lazily: the inner loop only compares the cycle counter with the next
/// scheduled event, so a CPU-bound program runs at the speed of the opcode switch alone.
/// </summary>
public sealed partial class Mcs51
{
    private const byte FlagCarry = 0x80, FlagAuxCarry = 0x40, FlagOverflow = 0x04;
    private const int PconIdle = 0x01, PconPowerDown = 0x02, PconSmod = 0x80;

    private readonly byte[] code = new byte[65536];
    private readonly byte[] iram = new byte[256];
    private readonly byte[] sfr = new byte[256];
    private readonly byte[] xram;
    private readonly int xramMask;
    private readonly bool xramIsOnChip;
    private readonly int iramIndirectLimit;
    private readonly IReadOnlyList<(string Name, int Address, byte Reset)> implementedSfrs;
    private readonly bool[] isImplementedSfr = new bool[256];

    private int pc;
    private byte acc, b, psw, sp, dpl, dph;
    private int registerBank;
    private long cycles;
    private long instructionEnd;
    private long stopAt;
    private long runLimit;
    private StopReason stopReason;
    // Read only on interrupt, SFR-write and special-instruction paths, never per instruction.
    private readonly bool s51Compatible;
    private long resetHeldUntil;

    /// <summary>A core of <paramref name="part"/> at reset, its flash erased (0xFF): load code with <see cref="LoadCode"/>.</summary>
    /// <param name="part">the MCU: memory sizes, Timer 2, STC registers</param>
    /// <param name="compatibility">follow the Intel manual, or reproduce s51 where it departs from it</param>
    public Mcs51(PartSpec part, Compatibility compatibility = Compatibility.Manual)
    {
        Part = part;
        Compatibility = compatibility;
        s51Compatible = compatibility == Compatibility.S51;
        iramIndirectLimit = part.IramSize;
        implementedSfrs = Sfr.For(part);
        foreach (var (_, address, _) in implementedSfrs) isImplementedSfr[address] = true;
        if (part.OnChipXramSize > 0)
        {
            xram = new byte[part.OnChipXramSize];
            xramIsOnChip = true;
        }
        else
        {
            xram = new byte[part.ExternalXramSize];
        }
        xramMask = xram.Length - 1;
        code.AsSpan().Fill(0xFF);
        Reset();
    }

    /// <summary>The part this core emulates: memory sizes, Timer 2, STC registers.</summary>
    public PartSpec Part { get; }

    /// <summary>Whose rules the core follows where s51 departs from the manual.</summary>
    public Compatibility Compatibility { get; }

    /// <summary>Translate hot code (the default) or interpret every instruction; switchable between runs.</summary>
    public ExecutionEngine Engine { get; set; } = ExecutionEngine.Translator;

    /// <summary>Machine cycles since power-on (reset does not clear it: time goes on).</summary>
    public long Cycles => cycles;

    /// <summary>The program counter (set it to start elsewhere; kept to 16 bits).</summary>
    public int PC
    {
        get => pc;
        set => pc = value & 0xFFFF;
    }

    /// <summary>In idle mode (PCON.IDL): the core waits for an interrupt.</summary>
    public bool IsIdle { get; private set; }
    /// <summary>In power-down mode (PCON.PD): only a reset ends it.</summary>
    public bool IsPoweredDown { get; private set; }

    /// <summary>On-chip RAM (128 or 256 bytes, by part).</summary>
    public Span<byte> InternalRam => iram.AsSpan(0, Part.IramSize);

    /// <summary>On-chip XRAM (STC89) or the external data memory the generic parts carry; empty if none.</summary>
    public Span<byte> DataMemory => xram;

    /// <summary>Code memory as far as the part's flash reaches.</summary>
    public ReadOnlySpan<byte> CodeMemory => code.AsSpan(0, Part.CodeSize);

    /// <summary>Copies an image into flash. Bytes past the part's flash are refused, not wrapped.</summary>
    public void LoadCode(ReadOnlySpan<byte> image, int address = 0)
    {
        if (address < 0 || address + image.Length > Part.CodeSize)
        {
            throw new ArgumentException(
                $"code from 0x{address:X4} to 0x{address + image.Length - 1:X4} does not fit the {Part.Name}'s {Part.CodeSize} bytes of flash",
                nameof(image));
        }
        image.CopyTo(code.AsSpan(address));
        ForgetTranslations();
    }

    /// <summary>The reset pin: SFRs to their reset values, PC = 0, RAM kept (as on silicon).</summary>
    public void Reset()
    {
        Array.Clear(sfr);
        foreach (var (_, address, value) in implementedSfrs) sfr[address] = value;
        acc = 0; b = 0; psw = 0; sp = 7; dpl = 0; dph = 0;
        registerBank = 0;
        pc = 0;
        IsIdle = false;
        IsPoweredDown = false;
        s51ParityHeld = false;
        s51BankStale = false;
        ResetInterrupts();
        ResetSerial();
        ResetTimers();
        ResetPorts();
    }

    /// <summary>
    /// Holds the RST pin high until <paramref name="cycle"/>: nothing executes before it, time passes
    /// with the part in its reset state, and at that cycle the part leaves reset (PC = 0). How long a
    /// board holds it is the board's business (its RC network, a bootloader).
    /// </summary>
    public void HoldInResetUntil(long cycle) => resetHeldUntil = cycle;

    /// <summary>True while the RST pin is held (see <see cref="HoldInResetUntil"/>).</summary>
    public bool IsHeldInReset => cycles < resetHeldUntil;

    /// <summary>The machine cycle at which the part leaves reset (see <see cref="HoldInResetUntil"/>).</summary>
    public long ResetHeldUntil => resetHeldUntil;

    /// <summary>Lets time pass in reset up to <paramref name="limit"/>; leaving reset starts from a fresh reset state.</summary>
    private void WaitInReset(long limit)
    {
        cycles = Math.Min(limit, resetHeldUntil);
        if (cycles >= resetHeldUntil) Reset();
    }

    /// <summary>
    /// Runs from the current state until <paramref name="maxCycles"/> machine cycles have elapsed in
    /// total (stopping at the first instruction boundary at or past it), PC reaches
    /// <paramref name="untilPc"/>, a self-jump has executed once, or the part powers down.
    /// </summary>
    public StopReason Run(long maxCycles, int untilPc = -1)
    {
        runLimit = maxCycles;
        while (cycles < runLimit)
        {
            if (cycles < resetHeldUntil)
            {
                WaitInReset(runLimit);
                continue;
            }
            if (IsPoweredDown)
            {
                cycles = runLimit;
                return StopReason.PowerDown;
            }
            stopAt = runLimit;
            stopReason = StopReason.MaxCycles;
            if (IsIdle)
            {
                IdleUntilEventOrStop();
                continue;
            }
            // The hot loop: entering idle or power-down, or a self-jump, pulls stopAt in to end it.
            if (S51SteppingNeeded ? StepWhileS51PswDeparts(untilPc) : ExecuteUntil(untilPc)) return StopReason.UntilPc;
            if (stopReason != StopReason.MaxCycles) return stopReason;
        }
        return StopReason.MaxCycles;
    }

    /// <summary>
    /// Ends the current <see cref="Run"/> at the first instruction boundary at or past
    /// <paramref name="cycle"/> if that is sooner than its limit: for a listener that, from inside the
    /// run (a pin change), schedules something that must happen at that cycle.
    /// </summary>
    public void LimitRun(long cycle)
    {
        if (cycle >= runLimit) return;
        runLimit = cycle;
        if (cycle < stopAt) stopAt = cycle;
    }

    /// <summary>Executes exactly one instruction (or one interrupt entry, or one idle cycle). Returns the cycles it took.</summary>
    public int Step()
    {
        long start = cycles;
        if (cycles < resetHeldUntil)
        {
            WaitInReset(resetHeldUntil);
            return (int)Math.Min(int.MaxValue, cycles - start);
        }
        if (IsPoweredDown) return 0;
        if (IsIdle)
        {
            stopAt = cycles + 1;
            IdleUntilEventOrStop();
        }
        else
        {
            stopAt = cycles + 1;   // every instruction takes at least one cycle: exactly one runs
            stopReason = StopReason.MaxCycles;
            if (S51SteppingNeeded) StepWhileS51PswDeparts(-1);
            else ExecuteUntil(-1);
        }
        return (int)(cycles - start);
    }

    private void IdleUntilEventOrStop()
    {
        // Nothing executes in idle: time jumps to the end of the cycle of the next peripheral event,
        // where the interrupt system polls as it would at the end of every idle cycle. A request that
        // is already pending (raised from outside between two runs) is polled in the very next cycle.
        long target = interruptCheckNeeded ? cycles + 1 : Math.Min(stopAt, nextEventCycle + 1);
        if (target <= cycles) target = cycles + 1;
        ProcessEventsThrough(target - 1);
        cycles = target;
        PollInterrupts();
    }

    private void StopAfterThisInstruction(StopReason reason)
    {
        stopReason = reason;
        stopAt = instructionEnd;
    }

    // ---- memory access -------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadDirect(int address) => address < 0x80 ? iram[address] : ReadSfr(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteDirect(int address, byte value)
    {
        if (address < 0x80) iram[address] = value;
        else WriteSfr(address, value);
    }

    /// <summary>Read-modify-write instructions read a port's latch, not its pins.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadDirectForModify(int address) =>
        address < 0x80 ? iram[address] : ((address & 0xCF) == 0x80 ? sfr[address] : ReadSfr(address));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadIndirect(int address) => address < iramIndirectLimit ? iram[address] : (byte)0xFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteIndirect(int address, byte value)
    {
        if (address < iramIndirectLimit) iram[address] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BitByteAddress(int bit) => bit < 0x80 ? 0x20 + (bit >> 3) : bit & 0xF8;

    private bool ReadBit(int bit) => (ReadDirect(BitByteAddress(bit)) & (1 << (bit & 7))) != 0;

    private bool ReadBitForModify(int bit) => (ReadDirectForModify(BitByteAddress(bit)) & (1 << (bit & 7))) != 0;

    private void WriteBit(int bit, bool value)
    {
        int address = BitByteAddress(bit);
        int mask = 1 << (bit & 7);
        int current = ReadDirectForModify(address);
        WriteDirect(address, (byte)(value ? current | mask : current & ~mask));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(byte value)
    {
        sp++;
        WriteIndirect(sp, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Pop() => ReadIndirect(sp--);

    private int XramAddressForRi(byte ri) => xramIsOnChip ? ri : (sfr[Sfr.P2] << 8) | ri;

    private byte ReadXram(int address)
    {
        if (xramIsOnChip) return address < xram.Length ? xram[address] : (byte)0xFF;
        return xram.Length == 0 ? (byte)0xFF : xram[address & xramMask];
    }

    private void WriteXram(int address, byte value)
    {
        if (xram.Length == 0 || (xramIsOnChip && address >= xram.Length)) return;
        xram[address & xramMask] = value;
    }

    // ---- SFRs ----------------------------------------------------------------------------------

    private byte Psw => (byte)(psw | (s51ParityHeld ? s51HeldParity : ParityOf(acc)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ParityOf(byte value) => System.Numerics.BitOperations.PopCount(value) & 1;

    private byte ReadSfr(int address)
    {
        switch (address)
        {
            case Sfr.ACC: return acc;
            case Sfr.B: return b;
            case Sfr.PSW: return Psw;
            // s51 0.6.4 pushes SP after incrementing it for PUSH SP (fixed upstream in 2023).
            case Sfr.SP: return s51Compatible && code[pc] == 0xC0 ? (byte)(sp + 1) : sp;
            case Sfr.DPL: return dpl;
            case Sfr.DPH: return dph;
            case Sfr.P0: return PinLevels(0);
            case Sfr.P1: return PinLevels(1);
            case Sfr.P2: return PinLevels(2);
            case Sfr.P3: return PinLevels(3);
            case Sfr.SBUF: return receiveBuffer;
            case Sfr.TL0: case Sfr.TH0: case Sfr.TL1: case Sfr.TH1: case Sfr.TCON:
            case Sfr.TL2: case Sfr.TH2: case Sfr.T2CON:
                SyncTimers();
                return sfr[address];
            default: return sfr[address];
        }
    }

    private void WriteSfr(int address, byte value)
    {
        switch (address)
        {
            case Sfr.ACC:
                acc = value;
                s51ParityHeld = false;
                return;
            case Sfr.B: b = value; return;
            case Sfr.PSW:
                psw = (byte)(value & 0xFE);
                if (s51Compatible) S51PswWritten(value, IsBitInstruction(code[pc]));
                else registerBank = value & 0x18;
                return;
            case Sfr.SP: sp = value; return;
            case Sfr.DPL: dpl = value; return;
            case Sfr.DPH: dph = value; return;
            case Sfr.P0: WriteLatch(0, value); return;
            case Sfr.P1: WriteLatch(1, value); return;
            case Sfr.P2: WriteLatch(2, value); return;
            case Sfr.P3: WriteLatch(3, value); return;
            case Sfr.SBUF: StartTransmit(value); return;
            case Sfr.SCON: WriteScon(value); return;
            case Sfr.PCON: WritePcon(value); return;
            case Sfr.IE: case Sfr.IP:
                sfr[address] = value;
                InterruptControlWritten(address);
                return;
            case Sfr.TL0: case Sfr.TH0: case Sfr.TL1: case Sfr.TH1: case Sfr.TCON: case Sfr.TMOD:
                WriteTimerRegister(address, value);
                return;
            case Sfr.TL2: case Sfr.TH2: case Sfr.T2CON: case Sfr.RCAP2L: case Sfr.RCAP2H: case Sfr.T2MOD:
                if (Part.HasTimer2) WriteTimerRegister(address, value);
                return;
            default:
                if (isImplementedSfr[address]) sfr[address] = value;
                return;
        }
    }

    /// <summary>Every SFR of the part by datasheet name with its current value (ports as latches), without side effects.</summary>
    public IReadOnlyList<(string Name, byte Value)> SpecialFunctionRegisters()
    {
        SyncTimers();
        var result = new List<(string, byte)>(implementedSfrs.Count);
        foreach (var (name, address, _) in implementedSfrs) result.Add((name, PeekSfr(address)));
        return result;
    }

    /// <summary>Reads RAM or an SFR without side effects; ports give their latches.</summary>
    public byte PeekDirect(int address)
    {
        if (address < 0x80) return iram[address];
        SyncTimers();
        return PeekSfr(address);
    }

    private byte PeekSfr(int address) => address switch
    {
        Sfr.ACC => acc,
        Sfr.B => b,
        Sfr.PSW => Psw,
        Sfr.SP => sp,
        Sfr.DPL => dpl,
        Sfr.DPH => dph,
        Sfr.SBUF => receiveBuffer,
        _ => sfr[address],
    };

    private void WritePcon(byte value)
    {
        sfr[Sfr.PCON] = value;
        if (s51Compatible) S51SerialControlWritten();
        if ((value & PconPowerDown) != 0)
        {
            IsPoweredDown = true;
            StopAfterThisInstruction(StopReason.PowerDown);
        }
        else if ((value & PconIdle) != 0)
        {
            IsIdle = true;
            stopAt = instructionEnd;
        }
        ScheduleSerial();
    }
}
