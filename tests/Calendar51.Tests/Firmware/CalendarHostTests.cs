using System.Globalization;

namespace Calendar51.Tests.Firmware;

/// <summary>The firmware's pure calendar code (calendar.c + generated tables) compiled with gcc and
/// checked for every day 2000-01-01 … 2099-12-31 against .NET's ChineseLunisolarCalendar and the
/// solar-term table in firmware/data.</summary>
[TestFixture]
public class CalendarHostTests
{
    private static readonly string[] Sources =
        ["test/host_calendar.c", "calendar.c", "lunar_table.c", "solar_terms.c"];

    private string[] _lines = [];

    [OneTimeSetUp]
    public void CompileAndRun()
    {
        FirmwareTools.RequireTool("gcc");
        var firmware = FirmwareTools.FirmwareDirectory();
        var exe = Path.Combine(Path.GetTempPath(), $"calendar51-host-{Guid.NewGuid():N}");
        var (code, output) = FirmwareTools.Run("gcc",
            $"-std=c99 -Wall -Wextra -Werror -O1 -I. -o {exe} {string.Join(' ', Sources)}", firmware,
            TimeSpan.FromMinutes(2));
        Assert.That(code, Is.EqualTo(0), "gcc failed:\n" + output);
        try
        {
            var (runCode, runOutput) = FirmwareTools.Run(exe, "", firmware, TimeSpan.FromMinutes(1));
            Assert.That(runCode, Is.EqualTo(0), runOutput);
            _lines = runOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(exe);
        }
    }

    [Test]
    public void PrintsEveryDayOfTheCentury()
    {
        Assert.That(_lines, Has.Length.EqualTo(36525));
        Assert.That(_lines[0], Does.StartWith("2000-01-01 "));
        Assert.That(_lines[^1], Does.StartWith("2099-12-31 "));
    }

    [Test]
    public void WeekdayAndLunarDateMatchChineseLunisolarCalendarOnEveryDay()
    {
        var chinese = new ChineseLunisolarCalendar();
        var mismatches = new List<string>();
        foreach (var line in _lines)
        {
            var p = line.Split(' ');
            var date = DateTime.ParseExact(p[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var year = chinese.GetYear(date);
            var index = chinese.GetMonth(date);
            var leapIndex = chinese.GetLeapMonth(year); // N + 1 for 闰N月, 0 if none
            var month = leapIndex != 0 && index >= leapIndex ? index - 1 : index;
            var leap = chinese.IsLeapMonth(year, index) ? 1 : 0;
            var expected = $"{(int)date.DayOfWeek} {year} {month} {chinese.GetDayOfMonth(date)} {leap}";
            var actual = string.Join(' ', p[1..6]);
            if (actual != expected)
                mismatches.Add($"{p[0]}: firmware {actual}, .NET {expected}");
        }
        Assert.That(mismatches, Is.Empty, string.Join('\n', mismatches.Take(20)));
    }

    [Test]
    public void SolarTermsMatchTheSharedTableOnEveryDay()
    {
        var terms = new Dictionary<DateOnly, int>();
        var path = FirmwareTools.DataFile("solar-terms-1901-2100.csv");
        foreach (var row in File.ReadLines(path).Where(l => !l.StartsWith('#') && !l.StartsWith("year")))
        {
            var cells = row.Split(',');
            var year = int.Parse(cells[0], CultureInfo.InvariantCulture);
            for (var t = 0; t < 24; t++)
                terms[new DateOnly(year, t / 2 + 1, int.Parse(cells[t + 1], CultureInfo.InvariantCulture))] = t + 1;
        }
        Assert.That(terms, Has.Count.EqualTo(200 * 24), $"{path}: expected 24 terms for each of 200 years");

        var mismatches = new List<string>();
        foreach (var line in _lines)
        {
            var p = line.Split(' ');
            var date = DateOnly.ParseExact(p[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var expected = terms.TryGetValue(date, out var t) ? t : 0;
            if (int.Parse(p[6], CultureInfo.InvariantCulture) != expected)
                mismatches.Add($"{p[0]}: firmware term {p[6]}, table {expected}");
        }
        Assert.That(mismatches, Is.Empty, string.Join('\n', mismatches.Take(20)));
    }

    [TestCase("2025-04-27", "0 2025 3 30 0 0")]
    [TestCase("2025-04-28", "1 2025 4 1 0 0")]
    [TestCase("2025-07-25", "5 2025 6 1 1 0")]
    [TestCase("2033-12-21", "3 2033 11 30 0 24")]
    [TestCase("2033-12-22", "4 2033 11 1 1 0")]
    [TestCase("2000-01-01", "6 1999 11 25 0 0")]
    [TestCase("2025-04-04", "5 2025 3 7 0 7")]
    public void KnownVectors(string date, string expected)
    {
        Assert.That(_lines.Single(l => l.StartsWith(date + " ")), Is.EqualTo(date + " " + expected));
    }
}
