namespace Calendar51.Emulator.Cpu;

/// <summary>Whose rules the core follows where simulators and the silicon documentation disagree.</summary>
public enum Compatibility
{
    /// <summary>The Intel MCS-51 user's manual and the Atmel/STC datasheets (the default).</summary>
    Manual,

    /// <summary>
    /// ucsim's s51 0.6.4 (Debian's sdcc-ucsim 4.2), departures included, so that a program's final
    /// state and cycle count equal s51's (README.md, "Differences from s51").
    /// </summary>
    S51,
}
