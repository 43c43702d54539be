using System.Globalization;

namespace Calendar51.Host.Emulation;

/// <summary>How fast virtual time runs against the host clock: a factor (1 = real time) or as fast as the host can.</summary>
public readonly record struct EmulationSpeed(double Factor)
{
    public static readonly EmulationSpeed RealTime = new(1);
    public static readonly EmulationSpeed Max = new(double.PositiveInfinity);

    public bool IsMax => double.IsPositiveInfinity(Factor);

    /// <summary>Parses <c>1</c>, <c>N</c> (a positive number, e.g. 60 or 0.5) or <c>max</c>.</summary>
    public static bool TryParse(string text, out EmulationSpeed speed, out string error)
    {
        if (text.Trim().Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            speed = Max;
            error = "";
            return true;
        }
        string trimmed = text.Trim().TrimEnd('x', 'X', '×');
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor)
            && double.IsFinite(factor) && factor is > 0 and <= 1_000_000)
        {
            speed = new EmulationSpeed(factor);
            error = "";
            return true;
        }
        speed = RealTime;
        error = $"speed '{text}' is not 1, a positive factor up to 1000000 (e.g. 60) or max";
        return false;
    }

    public override string ToString() => IsMax ? "max" : Factor.ToString("0.###", CultureInfo.InvariantCulture) + "×";
}
