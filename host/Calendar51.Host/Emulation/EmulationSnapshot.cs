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
    bool PoweredDown,
    TimeSpan LcdQuietFor)
{
    public string[] LcdLines => Panel is null ? [] : LcdTextRenderer.RenderLines(Panel);
}
