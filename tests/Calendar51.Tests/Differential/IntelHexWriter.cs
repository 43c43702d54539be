using System.Text;

namespace Calendar51.Tests.Differential;

/// <summary>Writes a code image from address 0 as Intel HEX (16-byte data records, then EOF).</summary>
public static class IntelHexWriter
{
    public static string ToHex(ReadOnlySpan<byte> image)
    {
        var text = new StringBuilder();
        Span<byte> buffer = stackalloc byte[4 + 16];
        for (var address = 0; address < image.Length; address += 16)
        {
            var chunk = image.Slice(address, Math.Min(16, image.Length - address));
            var record = buffer[..(4 + chunk.Length)];
            record[0] = (byte)chunk.Length;
            record[1] = (byte)(address >> 8);
            record[2] = (byte)address;
            record[3] = 0x00;
            chunk.CopyTo(record[4..]);
            var sum = 0;
            foreach (var b in record)
            {
                sum += b;
            }
            text.Append(':').Append(Convert.ToHexString(record)).Append(((-sum) & 0xFF).ToString("X2")).Append('\n');
        }
        text.Append(":00000001FF\n");
        return text.ToString();
    }
}
