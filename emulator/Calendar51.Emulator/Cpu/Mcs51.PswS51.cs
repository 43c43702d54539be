namespace Calendar51.Emulator.Cpu;

/// <summary>
/// Two s51 0.6.4 departures that last until a later instruction ends them, reproduced in
/// <see cref="Compatibility.S51"/> by stepping one instruction at a time outside the hot loop
/// while they last (the hot loop itself never looks):
/// s51 stores PSW.P and recomputes it only when ACC is written, so a parity bit written to PSW stays
/// until the next write to ACC (the manual's P follows ACC every cycle); and s51 switches register
/// banks only when PSW is written as a byte (MOV/POP/… PSW, and the flag updates of SUBB A,Rn,
/// SUBB A,@Ri, MUL, DIV, DA), not when RS0/RS1 are written as bits (the manual: RS1:RS0 select the bank).
/// </summary>
public sealed partial class Mcs51
{
    private bool s51ParityHeld;
    private bool s51BankStale;
    private int s51HeldParity;
    private long s51ParityHeldSince;

    /// <summary>Opcodes that write ACC other than through its SFR address (those reach <see cref="WriteSfr"/>).</summary>
    private static readonly bool[] WritesAccumulator = BuildAccumulatorWriters();

    private static bool[] BuildAccumulatorWriters()
    {
        var writes = new bool[256];
        foreach (int opcode in new[] { 0x03, 0x04, 0x13, 0x14, 0x23, 0x33, 0x74, 0x83, 0x84, 0x93, 0xA4, 0xC4, 0xD4, 0xD6, 0xD7, 0xE0, 0xE2, 0xE3, 0xE4, 0xF4 })
        {
            writes[opcode] = true;
        }
        for (int low = 0x4; low <= 0xF; low++)
        {
            foreach (int row in new[] { 0x20, 0x30, 0x40, 0x50, 0x60, 0x90, 0xE0 }) writes[row | low] = true;   // ADD, ADDC, ORL, ANL, XRL, SUBB, MOV A,src
        }
        for (int low = 0x5; low <= 0xF; low++) writes[0xC0 | low] = true;                                       // XCH A,src
        return writes;
    }

    private void S51ParityWritten(byte value)
    {
        int written = value & 1;
        s51ParityHeld = written != ParityOf(acc);
        if (!s51ParityHeld) return;
        s51HeldParity = written;
        s51ParityHeldSince = cycles;
        stopAt = instructionEnd;   // leave the hot loop: Run steps until ACC is written
    }

    private bool S51SteppingNeeded => s51ParityHeld || s51BankStale;

    /// <summary>A PSW write in s51 compatibility: RS0/RS1 written as bits leave the bank as it was.</summary>
    private void S51PswWritten(byte value, bool asBits)
    {
        if (!asBits) registerBank = value & 0x18;
        s51BankStale = registerBank != (value & 0x18);
        S51ParityWritten(value);
        if (s51BankStale) stopAt = instructionEnd;
    }

    private static bool WritesPswAsAByte(int opcode) => opcode is 0x84 or 0xA4 or 0xD4 or 0x96 or 0x97 or (>= 0x98 and <= 0x9F);

    /// <summary>One instruction (and any interrupt entry after it) while a held parity bit or a stale bank lasts.</summary>
    private bool StepWhileS51PswDeparts(int untilPc)
    {
        if (pc == untilPc) return true;
        long start = cycles;
        int opcode = code[pc];
        stopAt = Math.Min(stopAt, cycles + 1);
        ExecuteUntil(-1);
        // An ACC write in the instruction that wrote PSW came first (XCH A,PSW): the bit stays.
        if (WritesAccumulator[opcode] && s51ParityHeldSince < start) s51ParityHeld = false;
        if (s51BankStale && WritesPswAsAByte(opcode))
        {
            registerBank = psw & 0x18;
            s51BankStale = false;
        }
        return false;
    }
}
