using Calendar51.Host.Serial;

namespace Calendar51.Host.Stc;

/// <summary>How to power-cycle the board through a modem line; <paramref name="Inverted"/> = the line is released (low) to cut power.</summary>
public sealed record PowerCycleLine(ModemLine Line, bool Inverted)
{
    /// <summary>Parses dtr, rts, dtr-inverted, rts-inverted; null when the text is none of them.</summary>
    public static PowerCycleLine? Parse(string text) => text.ToLowerInvariant() switch
    {
        "dtr" => new(ModemLine.Dtr, false),
        "rts" => new(ModemLine.Rts, false),
        "dtr-inverted" => new(ModemLine.Dtr, true),
        "rts-inverted" => new(ModemLine.Rts, true),
        _ => null,
    };

    public override string ToString() => $"{Line.ToString().ToUpperInvariant()}{(Inverted ? " (inverted)" : "")}";
}

/// <summary>Everything a flashing session needs besides the port.</summary>
public sealed record FlashRequest(
    FlashImage Image,
    int HandshakeBaud,
    int MaxTransferBaud,
    TimeSpan WaitForChip,
    PowerCycleLine? PowerCycle,
    IReadOnlyDictionary<string, bool> OptionChanges);

/// <summary>The documented exit codes of `calendar51 flash`.</summary>
public enum FlashExitCode
{
    Done = 0,
    Failed = 1,
    Cancelled = 2,
    BadInput = 3,
}

public sealed record FlashResult(FlashExitCode ExitCode, string Message);
