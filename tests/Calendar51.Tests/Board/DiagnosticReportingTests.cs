using Calendar51.Host;

namespace Calendar51.Tests.Board;

/// <summary>
/// Issue 10 §3 acceptance: a program that raises 20 000 warnings and then one error gets that error
/// reported by <c>run</c> and by <c>scenario</c>, with a per-rule summary.
/// </summary>
public class DiagnosticReportingTests
{
    private static (int Exit, string Output, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Calendar51.Host.Cli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public void Run_reports_the_error_after_20000_warnings_and_the_per_rule_summary()
    {
        var (exit, _, error) = Cli("run", TestPrograms.Hex("warnings_then_error"), "--board", "prechin-a2");
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Does.Contain("self-jump"));
        Assert.That(error, Does.Contain("diagnostic(s): 1 error(s), 20000 warning(s)"));
        Assert.That(error, Does.Match(@"\n  error   lcd busy ×1: first [0-9.]+ ms pc 0x[0-9A-F]{4}: instruction 80 written while busy"));
        Assert.That(error, Does.Match(@"\n  warning lcd tAH ×20000: first [0-9.]+ ms pc 0x[0-9A-F]{4}, last [0-9.]+ ms pc 0x[0-9A-F]{4}: RS changed while E is high"));
        Assert.That(error, Does.Match(@"every error \(1\):\n  error lcd busy at cycle \d+ \([0-9.]+ ms\) pc 0x[0-9A-F]{4}: instruction 80 written while busy"));
    }

    [Test]
    public void Scenario_reports_the_error_after_20000_warnings()
    {
        string directory = Directory.CreateTempSubdirectory("calendar51-diagnostics-").FullName;
        try
        {
            string errorsOnly = Path.Combine(directory, "errors.yaml");
            File.WriteAllText(errorsOnly, "steps:\n  - power-on\n  - delay: 1s\n  - expect-no-violations: {severity: error}\n");
            var (exit, output, error) = Cli("scenario", errorsOnly, "--hex", TestPrograms.Hex("warnings_then_error"));
            Assert.That(exit, Is.EqualTo(1), output + error);
            Assert.That(output, Does.Contain("FAIL " + errorsOnly + ":4: expect-no-violations: {severity: error}"));
            Assert.That(output, Does.Contain("expected: no diagnostics matching {severity: error}"));
            Assert.That(output, Does.Contain("actual:   1 diagnostic(s): 1 error(s), 0 warning(s), 0 info"));
            Assert.That(output, Does.Match(@"every error \(1\):\n\s+error lcd busy at cycle \d+"));

            string rule = Path.Combine(directory, "rule.yaml");
            File.WriteAllText(rule, "steps:\n  - power-on\n  - delay: 1s\n  - expect-no-violations: {rule: tcycE}\n");
            (exit, output, error) = Cli("scenario", rule, "--hex", TestPrograms.Hex("warnings_then_error"));
            Assert.That(exit, Is.EqualTo(0), output + error);
            Assert.That(output, Does.Contain("1 error(s), 20000 warning(s)"), "the summary of the whole run is printed even when every step passes");
            Assert.That(output, Does.Contain("every error (1):"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
