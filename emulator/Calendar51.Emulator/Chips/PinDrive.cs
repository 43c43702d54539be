namespace Calendar51.Emulator.Chips;

/// <summary>What a chip does to a bidirectional pin: release it (high impedance) or drive it.</summary>
public enum PinDrive : byte
{
    /// <summary>Released: the pin follows whatever else drives it (the MCU's pull-up).</summary>
    None,
    /// <summary>Pulled to ground: wins over everything.</summary>
    Low,
    /// <summary>Driven high.</summary>
    High,
}
