using Calendar51.Emulator.Chips;

namespace Calendar51.Tests.Chips;

/// <summary>The diagnostics list: every report counted, every error kept, memory bounded (issue 10 §3).</summary>
public class DiagnosticsTests
{
    private static void Warn(Diagnostics diagnostics, long cycle, string rule = "tAH") =>
        diagnostics.Report("lcd", rule, cycle, TimeSpan.FromMicroseconds(cycle), "RS changed while E is high", DiagnosticSeverity.Warning);

    [Test]
    public void An_error_after_more_warnings_than_the_sample_holds_is_kept_and_counted()
    {
        var diagnostics = new Diagnostics(sampleCapacity: 100);
        int location = 0;
        diagnostics.LocationProvider = () => $"pc 0x{location:X4}";
        for (int i = 0; i < 20_000; i++)
        {
            location = i % 2 == 0 ? 0x0100 : 0x0104;
            Warn(diagnostics, i);
        }
        location = 0x0200;
        diagnostics.Report("lcd", "busy", 30_000, TimeSpan.FromMilliseconds(30), "instruction 80 written while busy", DiagnosticSeverity.Error);

        Assert.Multiple(() =>
        {
            Assert.That(diagnostics.TotalCount, Is.EqualTo(20_001));
            Assert.That(diagnostics.ErrorCount, Is.EqualTo(1));
            Assert.That(diagnostics.Count, Is.EqualTo(101), "100 warnings sampled and the error");
            Assert.That(diagnostics.Dropped, Is.EqualTo(19_900));
            Assert.That(diagnostics.Snapshot().Last().Rule, Is.EqualTo("busy"));
        });
        var summary = diagnostics.Summary();
        Assert.That(summary.Select(r => (r.Severity, r.Rule, r.Count)),
            Is.EqualTo(new[] { (DiagnosticSeverity.Error, "busy", 1L), (DiagnosticSeverity.Warning, "tAH", 20_000L) }), "errors first");
        var warnings = summary[1];
        Assert.Multiple(() =>
        {
            Assert.That((warnings.First.Cycle, warnings.First.Location), Is.EqualTo((0L, "pc 0x0100")));
            Assert.That((warnings.Last.Cycle, warnings.Last.Location), Is.EqualTo((19_999L, "pc 0x0104")));
            Assert.That(warnings.ToString(), Is.EqualTo("warning lcd tAH ×20000: first 0.000 ms pc 0x0100, last 19.999 ms pc 0x0104: RS changed while E is high"));
        });
    }

    [Test]
    public void Errors_beyond_their_capacity_are_counted_and_the_report_says_so()
    {
        var diagnostics = new Diagnostics(sampleCapacity: 10, errorCapacity: 3);
        for (int i = 0; i < 5; i++) diagnostics.Report("rtc", "tCC", i, TimeSpan.Zero, "CE to SCLK setup", DiagnosticSeverity.Error);
        var report = new DiagnosticReport(diagnostics);
        Assert.That(report.Count(new DiagnosticFilter(DiagnosticSeverity.Error)), Is.EqualTo(5));
        var lines = report.Lines();
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("5 diagnostic(s): 5 error(s), 0 warning(s), 0 info; by chip and rule (count, first and last):"));
            Assert.That(lines, Has.Exactly(3).StartsWith("  error rtc tCC at cycle"));
            Assert.That(lines[^1], Is.EqualTo("  … 2 more error(s) counted above but not kept (a board keeps its first 3)"));
        });
    }

    [Test]
    public void A_report_over_several_boards_adds_counts_and_keeps_first_and_last()
    {
        var before = new Diagnostics();
        var after = new Diagnostics();
        Warn(before, 10);
        Warn(before, 20);
        Warn(after, 5);
        after.Report("lcd", "tAH", 1, TimeSpan.Zero, "harmless", DiagnosticSeverity.Info);
        var report = new DiagnosticReport(before, after);
        var tah = report.Rules.Single(r => r.Severity == DiagnosticSeverity.Warning);
        Assert.Multiple(() =>
        {
            Assert.That((tah.Count, tah.First.Cycle, tah.Last.Cycle), Is.EqualTo((3L, 10L, 5L)));
            Assert.That(report.Count(DiagnosticFilter.Violations), Is.EqualTo(3), "info is not a violation");
            Assert.That(report.Count(new DiagnosticFilter(DiagnosticSeverity.Info)), Is.EqualTo(4));
            Assert.That(report.Count(new DiagnosticFilter(DiagnosticSeverity.Info, Rule: "busy")), Is.Zero);
            Assert.That(report.Count(new DiagnosticFilter(Chip: "rtc")), Is.Zero);
        });
    }
}
