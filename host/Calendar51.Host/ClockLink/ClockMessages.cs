using System.Globalization;

namespace Calendar51.Host.ClockLink;

/// <summary>The board's answer to <c>T?</c>: its date and time and the weekday it keeps.</summary>
public sealed record BoardTime(DateTime Time, int IsoWeekday)
{
    public bool WeekdayMatchesDate => IsoWeekday == ClockMessages.IsoWeekday(Time);
}

/// <summary>The board's answer to <c>V?</c>.</summary>
public sealed record BoardVersion(string Firmware, string Version, string Board, long CrystalHz);

/// <summary>
/// The clock firmware's serial protocol: ASCII lines ending CR LF. <c>T?</c> → <c>T=YYYY-MM-DD HH:MM:SS W</c>
/// (W = ISO weekday 1–7); <c>T=YYYY-MM-DD HH:MM:SS</c> → <c>OK</c> or <c>ERR reason</c>;
/// <c>V?</c> → <c>V=Calendar51 version board crystalHz</c>.
/// </summary>
public static class ClockMessages
{
    public const string QueryTime = "T?";
    public const string QueryVersion = "V?";
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static byte[] Encode(string line) => System.Text.Encoding.ASCII.GetBytes(line + "\r\n");

    public static string SetTime(DateTime time) => "T=" + time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static int IsoWeekday(DateTime time) => time.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)time.DayOfWeek;

    public static bool TryParseTime(string line, out BoardTime? time, out string problem)
    {
        time = null;
        if (!line.StartsWith("T=", StringComparison.Ordinal))
        {
            problem = $"expected 'T=YYYY-MM-DD HH:MM:SS W', got '{line}'";
            return false;
        }
        var body = line[2..];
        if (body.Length != TimeFormat.Length + 2 || body[^2] != ' ' || body[^1] is < '1' or > '7'
            || !DateTime.TryParseExact(body[..TimeFormat.Length], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            problem = $"malformed time reply '{line}' (expected 'T=YYYY-MM-DD HH:MM:SS W' with W 1-7)";
            return false;
        }
        time = new BoardTime(parsed, body[^1] - '0');
        problem = "";
        return true;
    }

    /// <summary>Parses the reply to a set command: null for OK, the reason for ERR; throws on anything else.</summary>
    public static bool TryParseSetReply(string line, out string? error)
    {
        if (line == "OK")
        {
            error = null;
            return true;
        }
        if (line == "ERR" || line.StartsWith("ERR ", StringComparison.Ordinal))
        {
            error = line.Length > 4 ? line[4..] : "(no reason given)";
            return true;
        }
        error = null;
        return false;
    }

    public static bool TryParseVersion(string line, out BoardVersion? version)
    {
        version = null;
        if (!line.StartsWith("V=", StringComparison.Ordinal))
        {
            return false;
        }
        var parts = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var crystal))
        {
            return false;
        }
        version = new BoardVersion(parts[0], parts[1], parts[2], crystal);
        return true;
    }
}
