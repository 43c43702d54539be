namespace Calendar51.Tests.Differential;

/// <summary>
/// How one of our parts is modelled on s51 and what of its state the two can be compared on.
/// </summary>
/// <param name="Part">our part name (`--part`)</param>
/// <param name="S51Type">s51's `-t` CPU type with the same memory map</param>
/// <param name="IramSize">on-chip RAM bytes (128 or 256)</param>
/// <param name="CodeSize">on-chip flash bytes</param>
/// <param name="OnChipXramSize">on-chip XRAM reached by MOVX (the JSON "xram" field)</param>
/// <param name="HasExternalXram">generic parts have 64 KB external data memory attached</param>
/// <param name="HasTimer2">8052-class Timer 2</param>
/// <param name="ComparedSfrs">SFRs, by datasheet name, that s51 models for this part</param>
public sealed record PartProfile(
    string Part,
    string S51Type,
    int IramSize,
    int CodeSize,
    int OnChipXramSize,
    bool HasExternalXram,
    bool HasTimer2,
    IReadOnlyList<string> ComparedSfrs)
{
    /// <summary>Datasheet SFR names and addresses (Intel MCS-51 user's manual, Atmel AT89C52, STC89C52RC AUXR).</summary>
    public static readonly IReadOnlyDictionary<string, int> SfrAddresses = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["P0"] = 0x80, ["SP"] = 0x81, ["DPL"] = 0x82, ["DPH"] = 0x83, ["PCON"] = 0x87,
        ["TCON"] = 0x88, ["TMOD"] = 0x89, ["TL0"] = 0x8A, ["TL1"] = 0x8B, ["TH0"] = 0x8C, ["TH1"] = 0x8D,
        ["AUXR"] = 0x8E,
        ["P1"] = 0x90, ["SCON"] = 0x98, ["SBUF"] = 0x99, ["P2"] = 0xA0, ["IE"] = 0xA8, ["P3"] = 0xB0,
        ["IP"] = 0xB8, ["T2CON"] = 0xC8, ["T2MOD"] = 0xC9, ["RCAP2L"] = 0xCA, ["RCAP2H"] = 0xCB,
        ["TL2"] = 0xCC, ["TH2"] = 0xCD, ["PSW"] = 0xD0, ["ACC"] = 0xE0, ["B"] = 0xF0,
    };

    private static readonly string[] Base8051Sfrs =
    [
        "ACC", "B", "PSW", "SP", "DPL", "DPH", "P0", "P1", "P2", "P3", "IE", "IP",
        "TCON", "TMOD", "TL0", "TH0", "TL1", "TH1", "SCON", "SBUF", "PCON",
    ];

    // T2MOD (0xC9) is absent from s51's 8052 model (it is plain storage there, reset 0) but the
    // programs here never write it, so its reset value 0 is still compared.
    private static readonly string[] Timer2Sfrs = ["T2CON", "T2MOD", "RCAP2L", "RCAP2H", "TL2", "TH2"];

    public static readonly PartProfile I8051 = new("8051", "8051", 128, 65536, 0, true, false, Base8051Sfrs);
    public static readonly PartProfile I8052 = new("8052", "8052", 256, 65536, 0, true, true, [.. Base8051Sfrs, .. Timer2Sfrs]);
    public static readonly PartProfile At89C51 = new("at89c51", "8051", 128, 4096, 0, false, false, Base8051Sfrs);
    public static readonly PartProfile At89C52 = new("at89c52", "8052", 256, 8192, 0, false, true, [.. Base8051Sfrs, .. Timer2Sfrs]);

    // s51's "51R" (Intel 8xC51RA/RB/RC) has the same 256-byte on-chip expanded RAM behind AUXR.1
    // (EXTRAM = 0 after reset) at XRAM 0x00-0xFF as the STC89C52RC.
    public static readonly PartProfile Stc89C52Rc = new("stc89c52rc", "51R", 256, 8192, 256, false, true, [.. Base8051Sfrs, .. Timer2Sfrs, "AUXR"]);

    public static IReadOnlyList<PartProfile> All { get; } = [I8051, I8052, At89C51, At89C52, Stc89C52Rc];

    public static PartProfile Get(string part) =>
        All.FirstOrDefault(p => string.Equals(p.Part, part, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no s51 profile for part '{part}'", nameof(part));

    public bool HasAnyXram => OnChipXramSize > 0 || HasExternalXram;

    /// <summary>XRAM bytes in the `--dump-state` JSON: the on-chip XRAM, or all 64 KB of a generic part's external data memory.</summary>
    public int DumpedXramSize => HasExternalXram ? 65536 : OnChipXramSize;

    public override string ToString() => Part;
}
