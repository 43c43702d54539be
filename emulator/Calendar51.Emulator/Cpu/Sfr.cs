namespace Calendar51.Emulator.Cpu;

/// <summary>Special function register addresses and bit positions used by the core (Intel MCS-51 / 8052 maps).</summary>
internal static class Sfr
{
    public const int P0 = 0x80, SP = 0x81, DPL = 0x82, DPH = 0x83, PCON = 0x87;
    public const int TCON = 0x88, TMOD = 0x89, TL0 = 0x8A, TL1 = 0x8B, TH0 = 0x8C, TH1 = 0x8D;
    public const int P1 = 0x90, SCON = 0x98, SBUF = 0x99, P2 = 0xA0, IE = 0xA8, P3 = 0xB0, IP = 0xB8;
    public const int T2CON = 0xC8, T2MOD = 0xC9, RCAP2L = 0xCA, RCAP2H = 0xCB, TL2 = 0xCC, TH2 = 0xCD;
    public const int PSW = 0xD0, ACC = 0xE0, B = 0xF0;

    // STC89C52RC extras (STC datasheet): auxiliary register, P4, IAP and watchdog.
    public const int AUXR = 0x8E, AUXR1 = 0xA2, XICON = 0xC0, WDT_CONTR = 0xE1;
    public const int ISP_DATA = 0xE2, ISP_ADDRH = 0xE3, ISP_ADDRL = 0xE4, ISP_CMD = 0xE5, ISP_TRIG = 0xE6, ISP_CONTR = 0xE7, P4 = 0xE8;

    /// <summary>The registers of the classic 8051, in datasheet order, with their reset values.</summary>
    internal static readonly (string Name, int Address, byte Reset)[] Base8051 =
    [
        ("ACC", ACC, 0x00), ("B", B, 0x00), ("PSW", PSW, 0x00), ("SP", SP, 0x07), ("DPL", DPL, 0x00), ("DPH", DPH, 0x00),
        ("P0", P0, 0xFF), ("P1", P1, 0xFF), ("P2", P2, 0xFF), ("P3", P3, 0xFF), ("IE", IE, 0x00), ("IP", IP, 0x00),
        ("TCON", TCON, 0x00), ("TMOD", TMOD, 0x00), ("TL0", TL0, 0x00), ("TH0", TH0, 0x00), ("TL1", TL1, 0x00), ("TH1", TH1, 0x00),
        ("SCON", SCON, 0x00), ("SBUF", SBUF, 0x00), ("PCON", PCON, 0x00),
    ];

    internal static readonly (string Name, int Address, byte Reset)[] Timer2 =
    [
        ("T2CON", T2CON, 0x00), ("T2MOD", T2MOD, 0x00), ("RCAP2L", RCAP2L, 0x00), ("RCAP2H", RCAP2H, 0x00), ("TL2", TL2, 0x00), ("TH2", TH2, 0x00),
    ];

    internal static readonly (string Name, int Address, byte Reset)[] Stc89 =
    [
        ("AUXR", AUXR, 0x00), ("AUXR1", AUXR1, 0x00), ("XICON", XICON, 0x00), ("WDT_CONTR", WDT_CONTR, 0x00),
        ("ISP_DATA", ISP_DATA, 0xFF), ("ISP_ADDRH", ISP_ADDRH, 0x00), ("ISP_ADDRL", ISP_ADDRL, 0x00), ("ISP_CMD", ISP_CMD, 0x00),
        ("ISP_TRIG", ISP_TRIG, 0x00), ("ISP_CONTR", ISP_CONTR, 0x00), ("P4", P4, 0xFF),
    ];

    /// <summary>Every SFR the part implements, by datasheet name.</summary>
    public static IReadOnlyList<(string Name, int Address, byte Reset)> For(PartSpec part)
    {
        var all = new List<(string, int, byte)>(Base8051);
        if (part.HasTimer2) all.AddRange(Timer2);
        if (part.HasStcSfrs) all.AddRange(Stc89);
        return all;
    }
}
