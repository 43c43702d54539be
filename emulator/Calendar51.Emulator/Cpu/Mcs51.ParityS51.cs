namespace Calendar51.Emulator.Cpu;

/// <summary>
/// s51 0.6.4 stores PSW.P and recomputes it only when ACC is written, so a parity bit written to
/// PSW stays until the next write to ACC; the manual's P follows ACC every cycle. In
/// <see cref="Compatibility.S51"/> such a held bit makes <see cref="Run"/> step one instruction at a
/// time until an instruction writes ACC: the hot loop itself never looks.
/// </summary>
public sealed partial class Mcs51
{
    private bool s51ParityHeld;
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

    private void S51PswWritten(byte value)
    {
        int written = value & 1;
        s51ParityHeld = written != ParityOf(acc);
        if (!s51ParityHeld) return;
        s51HeldParity = written;
        s51ParityHeldSince = cycles;
        stopAt = instructionEnd;   // leave the hot loop: Run steps until ACC is written
    }

    /// <summary>One instruction (and any interrupt entry after it) while a written parity bit is held.</summary>
    private bool StepHoldingParity(int untilPc)
    {
        if (pc == untilPc) return true;
        long start = cycles;
        int opcode = code[pc];
        stopAt = Math.Min(stopAt, cycles + 1);
        ExecuteUntil(-1);
        // An ACC write in the instruction that wrote PSW came first (XCH A,PSW): the bit stays.
        if (WritesAccumulator[opcode] && s51ParityHeldSince < start) s51ParityHeld = false;
        return false;
    }
}
