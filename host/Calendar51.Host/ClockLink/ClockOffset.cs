namespace Calendar51.Host.ClockLink;

/// <summary>One <c>T?</c> exchange: when the query left and the reply arrived (PC local time), and what the board said.</summary>
public sealed record TimeSample(DateTime Sent, DateTime Received, DateTime BoardTime)
{
    /// <summary>Best guess of the moment the board read its clock: the middle of the exchange.</summary>
    public DateTime Midpoint => Sent + (Received - Sent) / 2;
}

/// <summary>The board's offset from the PC clock (positive = board ahead) and its uncertainty.</summary>
public sealed record OffsetMeasurement(DateTime At, TimeSpan Offset, TimeSpan Uncertainty);

/// <summary>
/// Sub-second offset from a board that reports whole seconds: poll until its seconds digit turns; the
/// turn happened between the two samples, and at that moment the board's time is exactly the new second.
/// </summary>
public static class ClockOffset
{
    /// <summary>Finds the first second turn in consecutive samples; null if the samples never saw one.</summary>
    public static OffsetMeasurement? FromSecondTurn(IReadOnlyList<TimeSample> samples)
    {
        for (var i = 1; i < samples.Count; i++)
        {
            var before = samples[i - 1];
            var after = samples[i];
            if (after.BoardTime - before.BoardTime == TimeSpan.FromSeconds(1))
            {
                var earliest = before.Midpoint;
                var latest = after.Midpoint;
                var turn = earliest + (latest - earliest) / 2;
                return new OffsetMeasurement(turn, after.BoardTime - turn, (latest - earliest) / 2);
            }
        }
        return null;
    }

    /// <summary>Drift in parts per million from offsets over time (least-squares slope); null with fewer than two points or no time span.</summary>
    public static double? DriftPpm(IReadOnlyList<OffsetMeasurement> measurements)
    {
        if (measurements.Count < 2)
        {
            return null;
        }
        var origin = measurements[0].At;
        var xs = measurements.Select(m => (m.At - origin).TotalSeconds).ToArray();
        var ys = measurements.Select(m => m.Offset.TotalSeconds).ToArray();
        var meanX = xs.Average();
        var meanY = ys.Average();
        var sxx = xs.Sum(x => (x - meanX) * (x - meanX));
        if (sxx <= 0)
        {
            return null;
        }
        var sxy = xs.Zip(ys).Sum(p => (p.First - meanX) * (p.Second - meanY));
        return sxy / sxx * 1e6;
    }

    /// <summary>
    /// How far <see cref="DriftPpm"/> can be off: the first and last offsets are each known only to their
    /// uncertainty, so the slope between them is known to (u_first + u_last) / span. Over 2 s with ±30 ms
    /// each that is ±30000 ppm: the drift means something only after minutes or hours.
    /// </summary>
    public static double? DriftUncertaintyPpm(IReadOnlyList<OffsetMeasurement> measurements)
    {
        if (measurements.Count < 2) return null;
        var first = measurements[0];
        var last = measurements[^1];
        var span = (last.At - first.At).TotalSeconds;
        return span <= 0 ? null : (first.Uncertainty + last.Uncertainty).TotalSeconds / span * 1e6;
    }
}
