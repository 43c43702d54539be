namespace Calendar51.Host.Stc;

/// <summary>An STC part as identified by the two "magic" bytes of its status packet.</summary>
public sealed record StcModel(string Name, ushort Magic, int CodeSize);

/// <summary>
/// The STC89/STC90 rows of the part table (facts transcribed from stcgal's models.py, MIT,
/// (c) Grigori Goronzy and contributors), plus the magic ranges that identify other STC families.
/// </summary>
public static class StcModelTable
{
    public static IReadOnlyList<StcModel> Stc89Family { get; } =
    [
        new("STC89C/LE51RC", 0xF001, 4096),
        new("STC89C/LE52RC", 0xF002, 8192),
        new("STC89C/LE53RC", 0xF004, 14336),
        new("STC89C/LE06RC", 0xF006, 6144),
        new("STC89C/LE07RC", 0xF007, 7168),
        new("STC89C/LE10RC", 0xF00A, 10240),
        new("STC89C/LE12RC", 0xF00C, 12288),
        // Sold as plain "STC89C52"; carries BSL 7.x (even parity, 16-bit checksum).
        new("STC89C52", 0xF051, 8192),
        new("STC89C/LE51RD+", 0xF101, 4096),
        new("STC89C/LE52RD+", 0xF102, 8192),
        new("STC89C/LE54RD+", 0xF104, 16384),
        new("STC89C/LE55RD+", 0xF105, 20480),
        new("STC89C/LE58RD+", 0xF108, 32768),
        new("STC89C/LE510RD+", 0xF10A, 40960),
        new("STC89C/LE512RD+", 0xF10C, 49152),
        new("STC89C/LE513RD+", 0xF10D, 53248),
        new("STC89C/LE514RD+", 0xF10E, 57344),
        new("STC89C/LE516RD+", 0xF110, 63488),
        new("STC90C51AD", 0xF161, 4096),
        new("STC90C52AD", 0xF162, 8192),
        new("STC90C54AD", 0xF164, 16384),
        new("STC90C55AD", 0xF165, 20480),
        new("STC90C58AD", 0xF168, 32768),
        new("STC90C510AD", 0xF16A, 40960),
        new("STC90C512AD", 0xF16C, 49152),
        new("STC90C513AD", 0xF16D, 53248),
        new("STC90C514AD", 0xF16E, 57344),
        new("STC90C516AD", 0xF170, 62464),
        new("STC90LE52RD+", 0xF142, 8192),
        new("STC90LE54RD+", 0xF144, 16384),
        new("STC90LE55RD+", 0xF145, 20480),
        new("STC90LE58RD+", 0xF148, 32768),
        new("STC90LE510RD+", 0xF14A, 40960),
        new("STC90LE512RD+", 0xF14C, 49152),
        new("STC90LE513RD+", 0xF14D, 53248),
        new("STC90LE514RD+", 0xF14E, 57344),
        new("STC90LE516RD+", 0xF150, 62464),
        new("STC90LE51AD", 0xF181, 4096),
        new("STC90LE52AD", 0xF182, 8192),
        new("STC90LE54AD", 0xF184, 16384),
        new("STC90LE55AD", 0xF185, 20480),
        new("STC90LE58AD", 0xF188, 32768),
        new("STC90LE510AD", 0xF18A, 40960),
        new("STC90LE512AD", 0xF18C, 49152),
        new("STC90LE513AD", 0xF18D, 53248),
        new("STC90LE514AD", 0xF18E, 57344),
        new("STC90LE516AD", 0xF190, 62464),
    ];

    /// <summary>STC89/90 parts, known or not, carry magics F0xx and F1xx.</summary>
    public static bool IsStc89Family(ushort magic) => magic >> 8 is 0xF0 or 0xF1;

    public static StcModel? FindStc89(ushort magic) => Stc89Family.FirstOrDefault(m => m.Magic == magic);

    /// <summary>
    /// A best guess at the family of a non-STC89 part and the stcgal protocol name it would need,
    /// from the magic's high byte; good enough to tell the user what they have.
    /// </summary>
    public static string DescribeOtherFamily(ushort magic, bool bsl7StyleStatus) => (magic >> 8) switch
    {
        0xF2 => "an STC12Cx052 (needs the 'stc12a' protocol)",
        0xD1 or 0xD2 or 0xE1 or 0xE2 or 0xD6 or 0xE6 => "an STC10/11/12 part (needs the 'stc12' protocol)",
        0xF4 or 0xF5 or 0xF3 or 0xF7 => "an STC15 part (needs the 'stc15' or 'stc15a' protocol)",
        0xF6 or 0xF8 or 0xF9 or 0xFA => "an STC8 part (needs an 'stc8' protocol)",
        _ when bsl7StyleStatus => "an STC12/15/8-series part (needs one of stcgal's 'stc12', 'stc15' or 'stc8' protocols)",
        _ => "an STC part that is not an STC89/90 (needs one of stcgal's 'stc12a' or 'stc12b' protocols)",
    };
}
