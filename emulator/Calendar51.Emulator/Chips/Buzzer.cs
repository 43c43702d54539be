using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Chips;

/// <summary>One stretch of time during which the buzzer's input was at its active level.</summary>
public readonly record struct BuzzerInterval(long StartCycle, long EndCycle, TimeSpan Start, TimeSpan End)
{
    /// <summary>How long the input stayed active.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>
/// A buzzer on a port pin: records when its input sat at the active level, in machine cycles and
/// virtual time. An active buzzer sounds for the whole interval; a passive one is toggled by the
/// firmware, giving many short intervals that <see cref="Merge"/> joins into audible bursts.
/// </summary>
public sealed class Buzzer
{
    private readonly MachineClock _clock;
    private readonly List<BuzzerInterval> _intervals = [];
    private long _onSinceCycle;

    /// <summary>A silent buzzer.</summary>
    /// <param name="clock">The board's crystal, to turn cycles into time.</param>
    /// <param name="activeHigh">true when a high level sounds it; boards often drive it low-active through a PNP transistor</param>
    public Buzzer(MachineClock clock, bool activeHigh)
    {
        _clock = clock;
        ActiveHigh = activeHigh;
    }

    /// <summary>True when a high level sounds the buzzer.</summary>
    public bool ActiveHigh { get; }
    /// <summary>Whether the input is at its active level now.</summary>
    public bool IsOn { get; private set; }

    /// <summary>Completed on-intervals, oldest first.</summary>
    public IReadOnlyList<BuzzerInterval> Intervals => _intervals;

    /// <summary>The resolved level of the input pin at <paramref name="cycle"/>.</summary>
    public void SetLevel(bool level, long cycle)
    {
        bool on = level == ActiveHigh;
        if (on == IsOn) return;
        IsOn = on;
        if (on) _onSinceCycle = cycle;
        else _intervals.Add(Interval(_onSinceCycle, cycle));
    }

    /// <summary>Completed intervals plus the current one, if sounding, cut at <paramref name="cycle"/>.</summary>
    public IReadOnlyList<BuzzerInterval> IntervalsUntil(long cycle)
    {
        if (!IsOn) return _intervals.ToArray();
        return [.. _intervals, Interval(_onSinceCycle, cycle)];
    }

    /// <summary>Joins intervals separated by less than <paramref name="maximumGap"/> (e.g. the half-periods of a tone).</summary>
    public static IReadOnlyList<BuzzerInterval> Merge(IReadOnlyList<BuzzerInterval> intervals, TimeSpan maximumGap)
    {
        var merged = new List<BuzzerInterval>();
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && interval.Start - merged[^1].End < maximumGap)
                merged[^1] = merged[^1] with { EndCycle = interval.EndCycle, End = interval.End };
            else
                merged.Add(interval);
        }
        return merged;
    }

    private BuzzerInterval Interval(long startCycle, long endCycle) =>
        new(startCycle, endCycle, _clock.ToTimeSpan(startCycle), _clock.ToTimeSpan(endCycle));
}
