using System.Globalization;
using System.Text;
using Calendar51.Emulator.Chips.Lcd;

namespace Calendar51.Host.Emulation;

/// <summary>
/// The terminal view's picture as plain lines (no escape codes): the LCD as a framed text panel,
/// the custom characters in use drawn as their 5×8 dots with half-block characters, then the
/// buzzer, time, speed, key hints, the diagnostics per chip and rule and the latest errors.
/// </summary>
public static class TerminalFrame
{
    private const int BusLinesShown = 8;
    private const int ErrorsShown = 5;

    public static IReadOnlyList<string> Render(EmulationSnapshot snapshot, EmulationInfo info)
    {
        var lines = new List<string> { $"Calendar51 emulator — {info.Title}" };
        if (snapshot.Panel is { } panel)
        {
            string border = new('─', panel.Columns);
            lines.Add("┌" + border + "┐");
            foreach (var row in LcdTextRenderer.RenderLines(panel)) lines.Add("│" + row + "│");
            lines.Add("└" + border + "┘");
            lines.AddRange(CustomCharacters(panel));
        }
        else lines.Add("(this board has no LCD)");

        lines.Add(snapshot.BuzzerOn ? "buzzer: ♪ ON" : "buzzer: off");
        string rtc = snapshot.RtcTime is { } time ? "   DS1302 " + time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"virtual {FormatVirtual(snapshot.VirtualTime)}   speed {snapshot.AchievedSpeed:0.00}× (asked {snapshot.TargetSpeed}){rtc}"));
        if (snapshot.PoweredDown) lines.Add("the MCU is in power-down mode (PCON.PD): only a reset wakes it");
        if (info.SerialEndpoint is not null) lines.Add($"serial: {info.SerialEndpoint} at {info.SerialBaud} baud 8N1");
        if (info.WebAddress is not null) lines.Add($"web view: {info.WebAddress}");
        var hints = info.Keys.Select((key, index) =>
            $"[{index + 1}] {key}{(EmulationInfo.KeyRole(key) is { Length: > 0 } role ? " " + role : "")}"
            + (snapshot.HeldKeys.Contains(key, StringComparer.OrdinalIgnoreCase) ? "▼" : ""));
        lines.Add("keys: " + string.Join("  ", hints) + "  [p] power off/on  [q] quit");
        if (snapshot.Thermometers.Count > 0)
        {
            var readings = snapshot.Thermometers.Select(t => $"{t.Name} " + (t.Celsius is { } c ? c.ToString("0.0###", CultureInfo.InvariantCulture) + " °C" : "pulled out"));
            lines.Add("DS18B20: " + string.Join(", ", readings) + $"  [+]/[-] {snapshot.Thermometers[0].Name} ±{EmulationSession.TemperatureStep} °C");
        }
        lines.Add($"diagnostics: {snapshot.DiagnosticCount} ({snapshot.ErrorCount} error(s)); by chip and rule:");
        foreach (var rule in snapshot.DiagnosticRules) lines.Add("  " + rule);
        if (snapshot.ErrorCount > 0)
        {
            // The terminal has room for the latest few; the plain and web views list every error.
            lines.Add($"latest errors (of {snapshot.ErrorCount}):");
            foreach (var error in snapshot.Errors.TakeLast(ErrorsShown)) lines.Add("  " + error);
        }
        if (snapshot.BusLineCount > 0)
        {
            lines.Add($"bus (--decode): {snapshot.BusLineCount}");
            foreach (var busLine in snapshot.BusLines.TakeLast(BusLinesShown)) lines.Add(busLine);
        }
        return lines;
    }

    public static string FormatVirtual(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}");

    /// <summary>Each CGRAM character shown on the panel, labelled as the text panel shows it (①–⑧), in 4 rows of half blocks.</summary>
    public static IReadOnlyList<string> CustomCharacters(LcdPanel panel)
    {
        if (!panel.DisplayOn) return [];
        var used = panel.Codes.Where(LcdPanel.IsCgramCode).Select(code => (byte)(code & 7)).Distinct().Order().ToList();
        if (used.Count == 0) return [];
        var rows = new StringBuilder[FontA00.Height / 2 + 1];
        for (int i = 0; i < rows.Length; i++) rows[i] = new StringBuilder(i == 0 ? "custom:" : "       ");
        foreach (byte code in used)
        {
            rows[0].Append(' ').Append(LcdTextRenderer.ToChar(code)).Append("    ");
            for (int pair = 0; pair < FontA00.Height / 2; pair++)
            {
                byte top = panel.GlyphRow(code, 2 * pair), bottom = panel.GlyphRow(code, 2 * pair + 1);
                rows[pair + 1].Append(' ');
                for (int dot = FontA00.Width - 1; dot >= 0; dot--)
                {
                    bool upper = (top >> dot & 1) != 0, lower = (bottom >> dot & 1) != 0;
                    rows[pair + 1].Append(upper ? (lower ? '█' : '▀') : (lower ? '▄' : '·'));
                }
            }
        }
        return rows.Select(row => row.ToString()).ToList();
    }
}
