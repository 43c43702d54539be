namespace Calendar51.Emulator.Disassembly;

/// <summary>Intel-assembler number style: <c>3Ah</c>, <c>0FFh</c>, <c>0123h</c> (a leading 0 when the first digit is a letter).</summary>
internal static class HexText
{
    public static string Byte(int value) => Suffixed(((byte)value).ToString("X2"));

    public static string Word(int value) => Suffixed(((ushort)value).ToString("X4"));

    private static string Suffixed(string digits) => char.IsAsciiLetter(digits[0]) ? $"0{digits}h" : $"{digits}h";
}
