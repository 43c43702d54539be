namespace Calendar51.Emulator.Isp;

/// <summary>The two STC89/90 ISP bootloader protocols (flashed by `calendar51 flash`, answered by the emulated board).</summary>
public enum Stc89Protocol
{
    /// <summary>BSL 4.3C/6.6C: 8N1 throughout, 8-bit checksum, commands 8F 8E 80 84 00 8D 82.</summary>
    Classic,

    /// <summary>BSL 7.x ("STC89C52"): status at 8N1 then 8E1, 16-bit checksum, commands 01 05 03 22/02 04 FF.</summary>
    Bsl7,
}
