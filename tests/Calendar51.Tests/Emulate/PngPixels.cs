using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Calendar51.Tests.Emulate;

/// <summary>
/// Decodes 8-bit RGB or RGBA PNGs as browsers write them (any of the five row filters,
/// not interlaced) into RGB, so screenshots can be compared dot by dot.
/// </summary>
internal sealed class PngPixels
{
    private PngPixels(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Rgb { get; }

    public double Luminance(int x, int y)
    {
        int offset = (y * Width + x) * 3;
        return 0.299 * Rgb[offset] + 0.587 * Rgb[offset + 1] + 0.114 * Rgb[offset + 2];
    }

    public static PngPixels Decode(byte[] png)
    {
        Assert.That(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), Is.True, "PNG signature");
        int offset = 8, width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.That(data[8], Is.EqualTo(8), "bit depth");
                Assert.That(data[12], Is.Zero, "interlace");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => 0 };
                Assert.That(channels, Is.Not.Zero, $"colour type {data[9]} (only RGB and RGBA)");
            }
            else if (type == "IDAT") compressed.Write(data);
            else if (type == "IEND") break;
            offset += 12 + length;
        }
        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * channels;
        Assert.That(bytes.Length, Is.EqualTo(height * (stride + 1)), "decompressed size");
        var previous = new byte[stride];
        var current = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int filter = bytes[y * (stride + 1)];
            Array.Copy(bytes, y * (stride + 1) + 1, current, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int left = i >= channels ? current[i - channels] : 0;
                int up = previous[i];
                int upLeft = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG row {y}: filter {filter}"),
                });
            }
            for (int x = 0; x < width; x++)
            for (int c = 0; c < 3; c++)
                rgb[(y * width + x) * 3 + c] = current[x * channels + c];
            (previous, current) = (current, previous);
        }
        return new PngPixels(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
