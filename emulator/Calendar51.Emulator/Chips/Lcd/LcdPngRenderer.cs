namespace Calendar51.Emulator.Chips.Lcd;

/// <summary>
/// Draws the panel dot by dot like a yellow-green LCD1602: 5×8 dots per cell, a one-dot gap between
/// cells, a border, each dot <c>scale</c>×<c>scale</c> pixels. The cursor is the underline on dot row 8;
/// blink shows all dots of the cursor cell during the blink phase that has them on.
/// </summary>
public static class LcdPngRenderer
{
    private const int BorderDots = 3;
    private static readonly (byte R, byte G, byte B) Background = (0x8C, 0xB8, 0x2E);
    private static readonly (byte R, byte G, byte B) DotOff = (0x80, 0xAC, 0x28);
    private static readonly (byte R, byte G, byte B) DotOn = (0x1C, 0x2C, 0x10);

    /// <summary>The panel as a PNG image, each dot <paramref name="scale"/> pixels square.</summary>
    public static byte[] RenderPng(LcdPanel panel, int scale = 4)
    {
        var image = RenderPixels(panel, scale);
        return PngEncoder.EncodeRgb(image.Width, image.Height, image.Rgb);
    }

    /// <summary>Writes <see cref="RenderPng"/> to <paramref name="path"/>.</summary>
    public static void SavePng(LcdPanel panel, string path, int scale = 4) => File.WriteAllBytes(path, RenderPng(panel, scale));

    /// <summary>Whether the dot at (<paramref name="dotRow"/>, <paramref name="dotColumn"/>) of a cell is dark.</summary>
    public static bool IsDotOn(LcdPanel panel, int row, int column, int dotRow, int dotColumn)
    {
        if (!panel.DisplayOn) return false;
        if (panel.IsCursorCell(row, column))
        {
            if (panel.BlinkOn && panel.BlinkBlockShown) return true;
            if (panel.CursorOn && dotRow == FontA00.Height - 1) return true;
        }
        return (panel.GlyphRow(panel.CodeAt(row, column), dotRow) >> (FontA00.Width - 1 - dotColumn) & 1) != 0;
    }

    /// <summary>The panel as RGB pixels (three bytes each, row-major), each dot <paramref name="scale"/> pixels square.</summary>
    public static (int Width, int Height, byte[] Rgb) RenderPixels(LcdPanel panel, int scale = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int widthDots = 2 * BorderDots + panel.Columns * (FontA00.Width + 1) - 1;
        int heightDots = 2 * BorderDots + panel.Rows * (FontA00.Height + 1) - 1;
        int width = widthDots * scale, height = heightDots * scale;
        var rgb = new byte[width * height * 3];
        for (int dotY = 0; dotY < heightDots; dotY++)
        for (int dotX = 0; dotX < widthDots; dotX++)
        {
            var colour = Background;
            int x = dotX - BorderDots, y = dotY - BorderDots;
            if (x >= 0 && y >= 0 && x % (FontA00.Width + 1) < FontA00.Width && y % (FontA00.Height + 1) < FontA00.Height
                && x / (FontA00.Width + 1) < panel.Columns && y / (FontA00.Height + 1) < panel.Rows)
            {
                colour = IsDotOn(panel, y / (FontA00.Height + 1), x / (FontA00.Width + 1), y % (FontA00.Height + 1), x % (FontA00.Width + 1)) ? DotOn : DotOff;
            }
            for (int py = 0; py < scale; py++)
            {
                int offset = ((dotY * scale + py) * width + dotX * scale) * 3;
                for (int px = 0; px < scale; px++, offset += 3)
                {
                    rgb[offset] = colour.R;
                    rgb[offset + 1] = colour.G;
                    rgb[offset + 2] = colour.B;
                }
            }
        }
        return (width, height, rgb);
    }

    /// <summary>Top-left pixel of dot (<paramref name="dotRow"/>, <paramref name="dotColumn"/>) in cell (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public static (int X, int Y) DotOrigin(int row, int column, int dotRow, int dotColumn, int scale = 4) =>
        ((BorderDots + column * (FontA00.Width + 1) + dotColumn) * scale, (BorderDots + row * (FontA00.Height + 1) + dotRow) * scale);
}
