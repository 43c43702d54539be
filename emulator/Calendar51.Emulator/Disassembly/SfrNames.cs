namespace Calendar51.Emulator.Disassembly;

/// <summary>
/// Datasheet names of the 8051/8052 special function registers and their named bits, for listings.
/// Port bits are shown as <c>P1.5</c>, other bits of a named bit-addressable SFR without a name of
/// their own as <c>SFR.n</c>, bits of the bit-addressable RAM (20h–2Fh) as <c>20h.3</c>.
/// </summary>
public static class SfrNames
{
    private static readonly Dictionary<int, string> s_registers = new()
    {
        [0x80] = "P0", [0x81] = "SP", [0x82] = "DPL", [0x83] = "DPH", [0x87] = "PCON",
        [0x88] = "TCON", [0x89] = "TMOD", [0x8A] = "TL0", [0x8B] = "TL1", [0x8C] = "TH0", [0x8D] = "TH1",
        [0x90] = "P1", [0x98] = "SCON", [0x99] = "SBUF", [0xA0] = "P2", [0xA8] = "IE", [0xB0] = "P3",
        [0xB8] = "IP", [0xC8] = "T2CON", [0xC9] = "T2MOD", [0xCA] = "RCAP2L", [0xCB] = "RCAP2H",
        [0xCC] = "TL2", [0xCD] = "TH2", [0xD0] = "PSW", [0xE0] = "ACC", [0xF0] = "B",
    };

    private static readonly Dictionary<int, string> s_bits = new()
    {
        [0x88] = "IT0", [0x89] = "IE0", [0x8A] = "IT1", [0x8B] = "IE1",
        [0x8C] = "TR0", [0x8D] = "TF0", [0x8E] = "TR1", [0x8F] = "TF1",
        [0x98] = "RI", [0x99] = "TI", [0x9A] = "RB8", [0x9B] = "TB8",
        [0x9C] = "REN", [0x9D] = "SM2", [0x9E] = "SM1", [0x9F] = "SM0",
        [0xA8] = "EX0", [0xA9] = "ET0", [0xAA] = "EX1", [0xAB] = "ET1", [0xAC] = "ES", [0xAD] = "ET2", [0xAF] = "EA",
        [0xB8] = "PX0", [0xB9] = "PT0", [0xBA] = "PX1", [0xBB] = "PT1", [0xBC] = "PS", [0xBD] = "PT2",
        [0xC8] = "CP_RL2", [0xC9] = "C_T2", [0xCA] = "TR2", [0xCB] = "EXEN2",
        [0xCC] = "TCLK", [0xCD] = "RCLK", [0xCE] = "EXF2", [0xCF] = "TF2",
        [0xD0] = "P", [0xD2] = "OV", [0xD3] = "RS0", [0xD4] = "RS1", [0xD5] = "F0", [0xD6] = "AC", [0xD7] = "CY",
    };

    /// <summary>The SFR's name, or null for internal RAM (00h–7Fh) and unnamed SFR addresses.</summary>
    public static string? Register(int directAddress) =>
        s_registers.TryGetValue(directAddress, out var name) ? name : null;

    /// <summary>The text for a bit address 00h–FFh: a bit name, <c>P1.5</c>, <c>ACC.3</c>, <c>20h.3</c> or <c>0C0h.3</c>.</summary>
    public static string Bit(int bitAddress)
    {
        if (bitAddress < 0x80)
        {
            return $"{HexText.Byte(0x20 + (bitAddress >> 3))}.{bitAddress & 7}";
        }
        if (s_bits.TryGetValue(bitAddress, out var name))
        {
            return name;
        }
        int register = bitAddress & 0xF8;
        return $"{Register(register) ?? HexText.Byte(register)}.{bitAddress & 7}";
    }
}
