using System.Globalization;
using Calendar51.Emulator.Chips.Lcd;

namespace Calendar51.Host.Emulation.Web;

/// <summary>
/// One update for the page, as JSON. The LCD goes as the dots themselves (computed exactly as
/// <see cref="LcdPngRenderer"/> computes them, cursor and blink included), so the page draws what
/// the PNG shows without knowing the font.
/// </summary>
/// <param name="Dots">per cell, row-major, 8 numbers: the 5 dots of each dot row, bit 4 = leftmost</param>
public sealed record WebState(
    long Sequence,
    int Columns,
    int Rows,
    int[] Dots,
    string[] Lines,
    bool Buzzer,
    string VirtualTime,
    string? Rtc,
    double Speed,
    string TargetSpeed,
    string[] Keys,
    string[] Held,
    long DiagnosticCount,
    string[] Diagnostics,
    string[] DiagnosticRules,
    long ErrorCount,
    string[] Errors,
    bool PoweredDown,
    string Title,
    string? Serial,
    string? Fault,
    ThermometerReading[] Thermometers)
{
    /// <summary>Decoded bus lines the page shows beside the LCD (with --decode), oldest first.</summary>
    public const int BusLinesShown = 16;

    /// <summary>The latest decoded bus transfers (empty without --decode).</summary>
    public string[] Bus { get; init; } = [];

    /// <summary>Bus transfers decoded since the start.</summary>
    public long BusCount { get; init; }

    public static WebState From(EmulationSnapshot snapshot, EmulationInfo info, Exception? fault)
    {
        var panel = snapshot.Panel;
        int columns = panel?.Columns ?? 0, rows = panel?.Rows ?? 0;
        var dots = new int[columns * rows * FontA00.Height];
        for (int row = 0; row < rows; row++)
        for (int column = 0; column < columns; column++)
        for (int dotRow = 0; dotRow < FontA00.Height; dotRow++)
        {
            int bits = 0;
            for (int dot = 0; dot < FontA00.Width; dot++)
            {
                if (LcdPngRenderer.IsDotOn(panel!, row, column, dotRow, dot)) bits |= 1 << (FontA00.Width - 1 - dot);
            }
            dots[(row * columns + column) * FontA00.Height + dotRow] = bits;
        }
        return new WebState(
            snapshot.Sequence, columns, rows, dots, snapshot.LcdLines, snapshot.BuzzerOn,
            TerminalFrame.FormatVirtual(snapshot.VirtualTime),
            snapshot.RtcTime?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            Math.Round(snapshot.AchievedSpeed, 3),
            snapshot.TargetSpeed.ToString(),
            info.Keys.ToArray(),
            snapshot.HeldKeys.ToArray(),
            snapshot.DiagnosticCount,
            snapshot.LatestDiagnostics.Select(d => d.ToString()).ToArray(),
            snapshot.DiagnosticRules.Select(r => r.ToString()).ToArray(),
            snapshot.ErrorCount,
            snapshot.Errors.Select(d => d.ToString()).ToArray(),
            snapshot.PoweredDown,
            info.Title,
            info.SerialEndpoint is null ? null : $"{info.SerialEndpoint} at {info.SerialBaud} baud 8N1",
            fault?.Message,
            snapshot.Thermometers.ToArray())
        {
            Bus = snapshot.BusLines.TakeLast(BusLinesShown).ToArray(),
            BusCount = snapshot.BusLineCount,
        };
    }
}
