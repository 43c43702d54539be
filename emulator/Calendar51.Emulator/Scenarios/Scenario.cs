using System.Globalization;
using System.Text.RegularExpressions;
using Calendar51.Emulator.Chips;

namespace Calendar51.Emulator.Scenarios;

/// <summary>A scenario file as loaded: optional board and HEX (as written; a relative HEX path is relative to the file) and its steps.</summary>
internal sealed record Scenario(string FileName, string? Name, string? Board, string? Hex, IReadOnlyList<ScenarioStep> Steps);

/// <summary>One step, with the line it starts on so failures can name it as file:line.</summary>
internal abstract record ScenarioStep(string FileName, int Line)
{
    public string Location => $"{FileName}:{Line}";

    /// <summary>The step in the file's own notation, for progress lines and failure reports.</summary>
    public abstract string Describe();

    private protected static string Format(TimeSpan span) => ScenarioValues.FormatDuration(span);
}

/// <summary>
/// Sets the DS1302 counters (as the battery would have kept them), optionally with the clock halted
/// (CH set), and WP set or cleared when <see cref="WriteProtected"/> is given (else WP stays as it is).
/// </summary>
internal sealed record SetTimeStep(string FileName, int Line, DateTime Time, bool Halted, bool TwelveHour, bool? WriteProtected = null) : ScenarioStep(FileName, Line)
{
    public override string Describe() =>
        $"set-time: {Time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)}"
        + (Halted ? " (halted)" : "") + (TwelveHour ? " (12 h)" : "")
        + (WriteProtected switch { true => " (wp)", false => " (wp off)", null => "" });
}

/// <summary>
/// Sets the temperature around a DS18B20 (°C), the board's only one unless <see cref="Sensor"/> names it;
/// a null <see cref="Celsius"/> pulls the sensor out of its socket.
/// </summary>
internal sealed record SetTemperatureStep(string FileName, int Line, string? Sensor, double? Celsius) : ScenarioStep(FileName, Line)
{
    public override string Describe()
    {
        string value = Celsius is { } celsius ? celsius.ToString(CultureInfo.InvariantCulture) : "none";
        return Sensor is null ? $"set-temperature: {value}" : $"set-temperature: {{sensor: {Sensor}, value: {value}}}";
    }
}

internal sealed record PowerOnStep(string FileName, int Line) : ScenarioStep(FileName, Line)
{
    public override string Describe() => "power-on";
}

internal sealed record PowerCycleStep(string FileName, int Line, TimeSpan OffTime) : ScenarioStep(FileName, Line)
{
    public override string Describe() => OffTime == TimeSpan.Zero ? "power-cycle" : $"power-cycle: {{off: {Format(OffTime)}}}";
}

internal sealed record DelayStep(string FileName, int Line, TimeSpan Duration) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"delay: {Format(Duration)}";
}

internal sealed record PressStep(string FileName, int Line, string Key, TimeSpan Duration) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"press: {{key: {Key}, for: {Format(Duration)}}}";
}

internal sealed record HoldStep(string FileName, int Line, string Key) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"hold: {Key}";
}

internal sealed record ReleaseStep(string FileName, int Line, string Key) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"release: {Key}";
}

/// <summary>
/// What an LCD line must show: <see cref="Text"/> equals the line with trailing blanks ignored on both
/// sides; <see cref="Match"/> is a regular expression searched anywhere in the line.
/// </summary>
internal sealed record LcdExpectation(int LineNumber, string? Text, Regex? Match)
{
    public bool IsMetBy(string line) =>
        Text is not null ? line.TrimEnd() == Text.TrimEnd() : Match!.IsMatch(line);

    public override string ToString() =>
        Text is not null ? $"line {LineNumber} \"{Text}\"" : $"line {LineNumber} matching /{ScenarioValues.Escape(Match!.ToString(), isRegex: true)}/";
}

internal sealed record ExpectLcdStep(string FileName, int Line, LcdExpectation Expectation) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"expect-lcd: {Expectation}";
}

internal sealed record WaitLcdStep(string FileName, int Line, LcdExpectation Expectation, TimeSpan Timeout) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"wait-lcd: {Expectation}, timeout {Format(Timeout)}";
}

internal sealed record WriteSerialStep(string FileName, int Line, string Text) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"write-serial: \"{ScenarioValues.Escape(Text)}\"";
}

internal sealed record WaitSerialStep(string FileName, int Line, Regex Match, TimeSpan Timeout) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"wait-serial: /{ScenarioValues.Escape(Match.ToString(), isRegex: true)}/, timeout {Format(Timeout)}";
}

/// <summary>What the DS1302 must hold: any of its time, its CH bit, and RAM bytes by address (0–30).</summary>
internal sealed record ExpectDs1302Step(string FileName, int Line, DateTime? Time, bool? Halted, IReadOnlyDictionary<int, byte> Ram)
    : ScenarioStep(FileName, Line)
{
    public override string Describe()
    {
        var parts = new List<string>();
        if (Time is { } time) parts.Add("time: " + time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        if (Halted is { } halted) parts.Add("halted: " + (halted ? "true" : "false"));
        if (Ram.Count > 0) parts.Add("ram: {" + string.Join(", ", Ram.Select(kv => $"{kv.Key}: 0x{kv.Value:X2}")) + "}");
        return "expect-ds1302: {" + string.Join(", ", parts) + "}";
    }
}

internal sealed record ExpectBuzzerStep(string FileName, int Line, bool On) : ScenarioStep(FileName, Line)
{
    public override string Describe() => "expect-buzzer: " + (On ? "on" : "off");
}

/// <summary>No diagnostic matches <see cref="Filter"/> (by default: no warning or error of any rule) since the scenario started.</summary>
internal sealed record ExpectNoViolationsStep(string FileName, int Line, DiagnosticFilter Filter) : ScenarioStep(FileName, Line)
{
    public override string Describe() => Filter == DiagnosticFilter.Violations ? "expect-no-violations" : $"expect-no-violations: {Filter}";
}

/// <summary>Saves the LCD as a PNG at <see cref="Path"/>, as written (a relative path is relative to the scenario file).</summary>
internal sealed record ScreenshotStep(string FileName, int Line, string Path) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"screenshot: {Path}";
}

/// <summary>Runs the board for <see cref="Duration"/> while recording every wired pin into a VCD at <see cref="Path"/> (relative to the scenario file).</summary>
internal sealed record RecordVcdStep(string FileName, int Line, string Path, TimeSpan Duration) : ScenarioStep(FileName, Line)
{
    public override string Describe() => $"record-vcd: {{file: {Path}, for: {Format(Duration)}}}";
}
