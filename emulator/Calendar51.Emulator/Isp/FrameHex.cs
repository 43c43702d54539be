namespace Calendar51.Emulator.Isp;

/// <summary>Bytes as the space-separated upper-case hex people paste into bug reports.</summary>
public static class FrameHex
{
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes) switch
    {
        "" => "",
        var digits => string.Join(' ', Enumerable.Range(0, digits.Length / 2).Select(i => digits.Substring(2 * i, 2))),
    };

    /// <summary>Parses "46 B9 6A" or "46b96a" (whitespace ignored).</summary>
    public static byte[] Parse(string text)
    {
        var digits = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        return Convert.FromHexString(digits);
    }
}
