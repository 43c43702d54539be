namespace Calendar51.Emulator.Cpu;

/// <summary>
/// What distinguishes one MCS-51 derivative from another as far as a program can tell:
/// flash size, on-chip RAM, Timer 2, on-chip XRAM and (for the generic parts) external data memory.
/// </summary>
public sealed record PartSpec(
    string Name,
    int CodeSize,
    int IramSize,
    bool HasTimer2,
    int OnChipXramSize,
    int ExternalXramSize,
    bool HasStcSfrs)
{
    // The generic parts address 64 KB of program memory (external above the on-chip ROM when EA is high, all of it when low).
    public static readonly PartSpec I8051 = new("8051", 65536, 128, false, 0, 65536, false);
    public static readonly PartSpec I8052 = new("8052", 65536, 256, true, 0, 65536, false);
    public static readonly PartSpec At89C51 = new("at89c51", 4096, 128, false, 0, 0, false);
    public static readonly PartSpec At89C52 = new("at89c52", 8192, 256, true, 0, 0, false);
    public static readonly PartSpec At89S52 = new("at89s52", 8192, 256, true, 0, 0, false);
    public static readonly PartSpec Stc89C52Rc = new("stc89c52rc", 8192, 256, true, 256, 0, true);

    public static IReadOnlyList<PartSpec> All { get; } = [I8051, I8052, At89C51, At89C52, At89S52, Stc89C52Rc];

    public static bool TryGet(string name, out PartSpec part)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                part = candidate;
                return true;
            }
        }
        part = I8051;
        return false;
    }

    public static PartSpec Get(string name) => TryGet(name, out var part)
        ? part
        : throw new ArgumentException($"unknown part '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})", nameof(name));
}
