using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Scenarios;

namespace Calendar51.Tests.Scenarios;

/// <summary>expect-no-violations' optional filter and set-time's DS1302 power-up state (issue 10 §3, §4).</summary>
public class ViolationFilterAndSetTimeTests
{
    private static ScenarioStep OnlyStep(string step) => ScenarioParser.Parse($"steps:\n  - power-on\n  - {step}\n", "f.yaml").Steps[1];

    [Test]
    public void The_filter_is_parsed_and_described_in_the_files_notation()
    {
        Assert.Multiple(() =>
        {
            Assert.That(((ExpectNoViolationsStep)OnlyStep("expect-no-violations")).Filter, Is.EqualTo(DiagnosticFilter.Violations));
            Assert.That(((ExpectNoViolationsStep)OnlyStep("expect-no-violations: {severity: warning}")).Filter, Is.EqualTo(DiagnosticFilter.Violations));
            Assert.That(((ExpectNoViolationsStep)OnlyStep("expect-no-violations: {severity: error}")).Filter, Is.EqualTo(new DiagnosticFilter(DiagnosticSeverity.Error)));
            var combined = (ExpectNoViolationsStep)OnlyStep("expect-no-violations: {severity: info, rule: tAH, chip: lcd}");
            Assert.That(combined.Filter, Is.EqualTo(new DiagnosticFilter(DiagnosticSeverity.Info, "tAH", "lcd")));
            Assert.That(combined.Describe(), Is.EqualTo("expect-no-violations: {severity: info, rule: tAH, chip: lcd}"));
            Assert.That(OnlyStep("expect-no-violations").Describe(), Is.EqualTo("expect-no-violations"));
        });
    }

    [TestCase("expect-no-violations: {severity: loud}", "severity: 'loud' is not info, warning or error")]
    [TestCase("expect-no-violations: {colour: red}", "unknown key 'colour' in expect-no-violations (allowed: severity, rule, chip)")]
    [TestCase("expect-no-violations: {rule: \"\"}", "rule: empty")]
    [TestCase("expect-no-violations: error", "expect-no-violations: expected a mapping {severity, rule, chip}, not a value")]
    [TestCase("set-time: {time: 2025-01-01T00:00:00, wp: maybe}", "wp: 'maybe' is neither true nor false")]
    public void A_bad_filter_or_wp_fails_at_load_with_file_and_line(string step, string problem)
    {
        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse($"steps:\n  - power-on\n  - {step}\n", "f.yaml"))!;
        Assert.That(error.Message, Is.EqualTo("f.yaml:3: " + problem));
    }

    private static Ds1302 AfterSetTime(string rtcOptions, string setTime)
    {
        var board = BoardFile.Parse($"board t\nmcu at89c52 12MHz\npart rtc ds1302 {rtcOptions}\nwire P3.5 rtc.CE\nwire P3.6 rtc.SCLK\nwire P3.4 rtc.IO\n", "t.board");
        var runner = new ScenarioRunner(board, new byte[board.Mcu.CodeSize], Path.GetTempPath());
        Assert.That(runner.Run(ScenarioParser.Parse($"steps:\n  - {setTime}\n", "s.yaml")), Is.Null);
        return runner.Board.Rtc!;
    }

    [Test]
    public void Set_time_sets_or_clears_write_protect_and_leaves_it_alone_when_not_given()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AfterSetTime("", "set-time: {time: 2025-01-01T00:00:00, wp: false}").IsWriteProtected, Is.False);
            Assert.That(AfterSetTime("wp=false", "set-time: {time: 2025-01-01T00:00:00, wp: true}").IsWriteProtected, Is.True);
            Assert.That(AfterSetTime("wp=false", "set-time: 2025-01-01T00:00:00").IsWriteProtected, Is.False, "the board's power-up state");
            var halted = AfterSetTime("", "set-time: {time: 2025-01-01T00:00:00, halted: true, wp: true}");
            Assert.That((halted.IsHalted, halted.IsWriteProtected), Is.EqualTo((true, true)));
        });
        Assert.That(ScenarioParser.Parse("steps:\n  - set-time: {time: 2025-01-01T00:00:00, halted: true, wp: false}\n", "s.yaml").Steps[0].Describe(),
            Is.EqualTo("set-time: 2025-01-01T00:00:00 (halted) (wp off)"));
    }
}
