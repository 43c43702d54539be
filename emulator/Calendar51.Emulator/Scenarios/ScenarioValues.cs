using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Calendar51.Emulator.Scenarios;

/// <summary>The scalar notations of scenario files: durations, date-times, bytes. Each parser returns null when the text is not one.</summary>
internal static partial class ScenarioValues
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("us", TimeSpan.FromMicroseconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("min", TimeSpan.FromMinutes(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)),
        ("d", TimeSpan.FromDays(1)),
    ];

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)\s*(?<unit>[a-z]+)$")]
    private static partial Regex DurationPattern();

    /// <summary>The longest duration a step may name: the DS1302 counts 100 years (2000–2099), and virtual time sums stay far from overflow.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(36_500);

    /// <summary>A number and a unit (us, ms, s, m or min, h, d), e.g. 500ms, 2s, 1.5h, at most <see cref="MaxDuration"/>. A bare number has no unit and is refused.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success) return null;
        string unit = match.Groups["unit"].Value;
        foreach (var (name, size) in Units)
        {
            if (name != unit) continue;
            // decimal holds 28 digits: more digits than that, or a product past the bound, is too long.
            if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number)
                || number > MaxDuration.Ticks / size.Ticks)
                return null;
            return TimeSpan.FromTicks((long)(number * size.Ticks));
        }
        return null;
    }

    public static string FormatDuration(TimeSpan span)
    {
        foreach (var (name, size) in Units.Reverse())
        {
            if (name == "m") continue;
            if (span.Ticks % size.Ticks == 0 && span >= size) return $"{span.Ticks / size.Ticks}{name}";
        }
        return $"{span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
    }

    private static readonly string[] DateTimeFormats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>yyyy-MM-ddTHH:mm:ss (or a space for the T), within the DS1302's years 2000–2099.</summary>
    public static DateTime? ParseDateTime(string text)
    {
        if (!DateTime.TryParseExact(text.Trim(), DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return null;
        return time.Year is >= 2000 and <= 2099 ? time : null;
    }

    /// <summary>0–255 as decimal or 0x-prefixed hex.</summary>
    public static int? ParseInteger(string text, int maximum)
    {
        string digits = text.Trim();
        bool hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (hex) digits = digits[2..];
        bool ok = int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out int value);
        return ok && value <= maximum ? value : null;
    }

    /// <summary>Control characters as C-style escapes, for showing serial text on one line; a regular expression keeps its own backslashes.</summary>
    public static string Escape(string text, bool isRegex = false)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '"' when !isRegex => "\\\"",
                '\\' when !isRegex => "\\\\",
                < ' ' or '\x7F' => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }
}
