namespace Calendar51.Emulator.Cpu;

/// <summary>Why <see cref="Mcs51.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>The cycle limit was reached (at the first instruction boundary at or past it).</summary>
    MaxCycles,
    /// <summary>The program counter reached the requested address (the instruction there has not run).</summary>
    UntilPc,
    /// <summary>An SJMP/AJMP/LJMP jumped to its own address; it ran once and PC is its address.</summary>
    SelfJump,
    /// <summary>PCON.PD was set: the oscillator stopped and only a reset restarts the part.</summary>
    PowerDown,
}
