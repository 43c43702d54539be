using System.Text;

namespace Calendar51.Emulator.Chips.Lcd;

/// <summary>
/// The panel as text, one line per LCD row and one character per cell. A00 codes map to the Unicode
/// character they depict (ASCII, ¥ for 0x5C, arrows, half-width katakana, the Greek/maths block);
/// CGRAM characters 0–7 show as ①–⑧ so tests can see where custom glyphs sit; a display that is
/// off shows blank rows. Cursor and blink are not drawn (see <see cref="LcdPngRenderer"/>).
/// </summary>
public static class LcdTextRenderer
{
    /// <summary>One string per visible line, as many characters as the panel has columns.</summary>
    public static string[] RenderLines(LcdPanel panel)
    {
        var lines = new string[panel.Rows];
        var line = new StringBuilder(panel.Columns);
        for (int row = 0; row < panel.Rows; row++)
        {
            line.Clear();
            for (int column = 0; column < panel.Columns; column++)
                line.Append(panel.DisplayOn ? ToChar(panel.CodeAt(row, column)) : ' ');
            lines[row] = line.ToString();
        }
        return lines;
    }

    /// <summary>The lines joined with \n.</summary>
    public static string Render(LcdPanel panel) => string.Join('\n', RenderLines(panel));

    /// <summary>The character the A00 ROM shows for <paramref name="code"/> (¥ for 0x5C, ①–⑧ for CGRAM, katakana in the upper half).</summary>
    public static char ToChar(byte code) => code switch
    {
        < 0x10 => (char)('①' + (code & 7)),
        < 0x20 => ' ',
        0x5C => '¥',
        0x7E => '→',
        0x7F => '←',
        < 0x80 => (char)code,
        <= 0xA0 => ' ',
        <= 0xDF => (char)(0xFF61 + code - 0xA1), // JIS X 0201 half-width katakana block
        _ => GreekAndMaths[code - 0xE0],
    };

    // A00 codes E0–FF as drawn in the datasheet's table.
    private const string GreekAndMaths = "αäβεμσρg√⁻jˣ¢£ñöpqθ∞ΩüΣπxy千万円÷ █";
}
