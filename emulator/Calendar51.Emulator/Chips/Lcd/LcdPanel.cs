namespace Calendar51.Emulator.Chips.Lcd;

/// <summary>
/// What a character LCD shows at one moment: the character code in every visible cell, the CGRAM
/// patterns, and the display/cursor/blink state. Produced by <see cref="Hd44780.Panel"/>; consumed
/// by <see cref="LcdTextRenderer"/> and <see cref="LcdPngRenderer"/>.
/// </summary>
/// <param name="Columns">visible characters per line</param>
/// <param name="Rows">visible lines</param>
/// <param name="Codes">row-major character codes, <paramref name="Columns"/> × <paramref name="Rows"/></param>
/// <param name="Cgram">the eight custom characters, eight rows each, bit 4 = leftmost dot</param>
/// <param name="DisplayOn">display control D: off shows nothing</param>
/// <param name="CursorOn">display control C: underline at the cursor cell</param>
/// <param name="BlinkOn">display control B: the cursor cell blinks as a block</param>
/// <param name="BlinkBlockShown">in the blink phase where the cursor cell shows all dots</param>
/// <param name="CursorRow">row of the cursor cell, −1 when the address counter is not on screen</param>
/// <param name="CursorColumn">column of the cursor cell</param>
public sealed record LcdPanel(
    int Columns,
    int Rows,
    byte[] Codes,
    byte[] Cgram,
    bool DisplayOn,
    bool CursorOn,
    bool BlinkOn,
    bool BlinkBlockShown,
    int CursorRow,
    int CursorColumn)
{
    /// <summary>The character code shown at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public byte CodeAt(int row, int column) => Codes[row * Columns + column];

    /// <summary>Codes 0x00–0x0F show the eight CGRAM characters (0x08–0x0F repeat 0x00–0x07).</summary>
    public static bool IsCgramCode(byte code) => code < 0x10;

    /// <summary>Dots of one 5-dot row of <paramref name="code"/>, bit 4 = leftmost, as the chip would show it.</summary>
    public byte GlyphRow(byte code, int row) =>
        IsCgramCode(code) ? (byte)(Cgram[(code & 7) * 8 + row] & 0x1F) : FontA00.Row(code, row);

    /// <summary>Whether the cursor sits on this cell.</summary>
    public bool IsCursorCell(int row, int column) => row == CursorRow && column == CursorColumn;
}
