namespace Calendar51.Host.ArduinoIsp;

/// <summary>
/// An AT89S part as its serial-programming interface sees it: the signature it answers with, its flash size,
/// the STK500 device code that makes the ArduinoISP sketch drive RESET active high, and the datasheets'
/// timing (AT89S51 doc2487, AT89S52 doc1919, "Serial Programming Characteristics").
/// </summary>
public sealed record At89sPart(string Name, byte SignatureDevice, int FlashSize, byte DeviceCode)
{
    /// <summary>Signature byte at 000h: Atmel.</summary>
    public const byte SignatureVendor = 0x1E;

    /// <summary>Signature byte at 200h, the same for both parts.</summary>
    public const byte SignatureFamily = 0x06;

    /// <summary>Chip erase instruction cycle time tERASE.</summary>
    public static readonly TimeSpan ChipEraseTime = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Serial byte write cycle tSWC = 64 tCLCL + 400 µs: 405 µs at 12 MHz, longer on slower crystals; bounded
    /// here for a crystal down to 3 MHz.
    /// </summary>
    public static readonly TimeSpan ByteWriteTime = TimeSpan.FromMicroseconds(64.0 / 3.0 + 400);

    public static readonly At89sPart At89s51 = new("AT89S51", 0x51, 4096, 0xE0);
    public static readonly At89sPart At89s52 = new("AT89S52", 0x52, 8192, 0xE1);

    public static IReadOnlyList<At89sPart> All { get; } = [At89s51, At89s52];

    public byte[] Signature => [SignatureVendor, SignatureDevice, SignatureFamily];

    /// <summary>A part by its --part name (at89s51, at89s52), or null.</summary>
    public static At89sPart? FromName(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The part whose signature this is, or null.</summary>
    public static At89sPart? FromSignature(ReadOnlySpan<byte> signature)
    {
        foreach (var part in All)
        {
            if (signature.SequenceEqual(part.Signature)) return part;
        }
        return null;
    }

    /// <summary>What a signature that is no AT89S51/52 most likely means, for the error message.</summary>
    public static string DescribeForeignSignature(ReadOnlySpan<byte> signature) => signature switch
    {
        [0xFF, 0xFF, 0xFF] => "MISO stays high: no chip answering (wiring, power, or the board's crystal not running)",
        [0x00, 0x00, 0x00] => "MISO stays low: no chip answering (wiring, or a short on P1.6)",
        [0x1E, 0x51 or 0x52, not 0x06] => "an Atmel 8051 but not an AT89S51/52 (AT89C parts are programmed in parallel at 12 V)",
        [0x1E, ..] => "an Atmel chip that is not an AT89S51/52 (an AVR?)",
        _ => "not an Atmel AT89S part",
    };
}

/// <summary>Program-memory lock modes of the AT89S51/52 (datasheet "Lock Bit Protection Modes").</summary>
public enum At89sLockMode
{
    /// <summary>No program lock features.</summary>
    Unlocked = 1,

    /// <summary>LB1: MOVC from external code cannot read internal flash; EA sampled at reset; further programming disabled.</summary>
    NoFurtherProgramming = 2,

    /// <summary>LB1+LB2: as mode 2, and verify (read-back) disabled too.</summary>
    NoVerify = 3,

    /// <summary>LB1+LB2+LB3: as mode 3, and external execution disabled.</summary>
    NoExternalExecution = 4,
}

/// <summary>
/// The four-byte serial-programming instructions (datasheet "Serial Programming Instruction Set"). The chip
/// answers on MISO while the fourth byte is shifted; that byte is the result.
/// </summary>
public static class At89sInstruction
{
    /// <summary>Byte 4 of the answer to <see cref="ProgrammingEnable"/> when the chip is in programming mode.</summary>
    public const byte ProgrammingEnableEcho = 0x69;

    public static byte[] ProgrammingEnable() => [0xAC, 0x53, 0x00, 0x00];

    public static byte[] ChipErase() => [0xAC, 0x80, 0x00, 0x00];

    /// <summary>Signature byte <paramref name="index"/> 0–2 (addresses 000h, 100h, 200h).</summary>
    public static byte[] ReadSignature(int index) => [0x28, (byte)index, 0x00, 0x00];

    public static byte[] ReadByte(int address) => [0x20, (byte)((address >> 8) & 0x1F), (byte)address, 0x00];

    public static byte[] WriteByte(int address, byte value) => [0x40, (byte)((address >> 8) & 0x1F), (byte)address, value];

    /// <summary>Write lock bits: byte 2 is 1110 00B1B2, mode 1 = 00, mode 2 = 01, mode 3 = 10, mode 4 = 11.</summary>
    public static byte[] WriteLockBits(At89sLockMode mode) => [0xAC, (byte)(0xE0 | ((int)mode - 1)), 0x00, 0x00];

    public static byte[] ReadLockBits() => [0x24, 0x00, 0x00, 0x00];

    /// <summary>The mode that the lock byte read back shows: bits 2, 3, 4 are LB1, LB2, LB3, a programmed bit reads 1.</summary>
    public static At89sLockMode LockModeFromReadBack(byte value) => ((value >> 2) & 0x07) switch
    {
        0 => At89sLockMode.Unlocked,
        1 => At89sLockMode.NoFurtherProgramming,
        3 => At89sLockMode.NoVerify,
        7 => At89sLockMode.NoExternalExecution,
        _ => throw new ArduinoIspProtocolException($"lock bits read back as {value:X2}, which is no lock mode (LB bits {(value >> 2) & 7:b3})"),
    };
}
