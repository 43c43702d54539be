using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Chips.Lcd;

namespace Calendar51.Host.Emulation;

/// <summary>
/// What the views show, taken on the emulation thread after a slice and immutable afterwards, so
/// any thread may read it. <see cref="Sequence"/> grows with every snapshot.
/// </summary>
public sealed record EmulationSnapshot(
    long Sequence,
    long Cycles,
    TimeSpan VirtualTime,
    LcdPanel? Panel,
    bool BuzzerOn,
    DateTime? RtcTime,
    double AchievedSpeed,
    EmulationSpeed TargetSpeed,
    IReadOnlyList<string> HeldKeys,
    IReadOnlyList<Diagnostic> LatestDiagnostics,
    long DiagnosticCount,
    IReadOnlyList<DiagnosticRuleSummary> DiagnosticRules,
    IReadOnlyList<Diagnostic> Errors,
    long ErrorCount,
    bool PoweredDown,
    TimeSpan LcdQuietFor)
{
    /// <summary>With --decode: the latest decoded bus transfers, oldest first (at most <see cref="EmulationSession.BusLinesKept"/>).</summary>
    public IReadOnlyList<string> BusLines { get; init; } = [];

    /// <summary>Bus transfers decoded since the start, so a view can tell how many it missed.</summary>
    public long BusLineCount { get; init; }

    public string[] LcdLines => Panel is null ? [] : LcdTextRenderer.RenderLines(Panel);

    /// <summary>Every DS18B20 on the board with the temperature around it (null: pulled out).</summary>
    public IReadOnlyList<ThermometerReading> Thermometers { get; init; } = [];
}

public sealed record ThermometerReading(string Name, double? Celsius);
