namespace Calendar51.Emulator.Chips;

/// <summary>What a chip does to a bidirectional pin: release it (high impedance) or drive it.</summary>
public enum PinDrive : byte
{
    None,
    Low,
    High,
}
