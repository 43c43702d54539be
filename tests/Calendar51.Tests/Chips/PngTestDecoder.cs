using System.Buffers.Binary;
using System.IO.Compression;
using Calendar51.Emulator.Chips.Lcd;

namespace Calendar51.Tests.Chips;

/// <summary>Reads back 8-bit RGB, unfiltered PNGs, checking every chunk's CRC on the way.</summary>
internal static class PngTestDecoder
{
    public static byte[] DecodeRgb(byte[] png, out int width, out int height)
    {
        int offset = 8;
        width = height = 0;
        using var idat = new MemoryStream();
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.That(crc, Is.EqualTo(PngEncoder.Crc32(png.AsSpan(offset + 4, length + 4))), $"CRC of {type}");
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.That(data[8..13].ToArray(), Is.EqualTo(new byte[] { 8, 2, 0, 0, 0 }));
            }
            else if (type == "IDAT") idat.Write(data);
            offset += 12 + length;
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        byte[] scanlines = raw.ToArray();
        int stride = width * 3;
        Assert.That(scanlines.Length, Is.EqualTo(height * (stride + 1)));
        var rgb = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            Assert.That(scanlines[y * (stride + 1)], Is.EqualTo(0), "filter type");
            Array.Copy(scanlines, y * (stride + 1) + 1, rgb, y * stride, stride);
        }
        return rgb;
    }
}
