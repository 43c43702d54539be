using Calendar51.Host.Emulation;
using Calendar51.Host.Emulation.Web;

namespace Calendar51.Tests.Emulate;

/// <summary>emulate's terminal, plain and web views show the per-rule summary and every error (issue 10 §3).</summary>
public class EmulateDiagnosticsTests
{
    private static EmulationSnapshot RunUntilTheError(out EmulationInfo info)
    {
        var options = new EmulationOptions(TestPrograms.Hex("warnings_then_error"), "prechin-a2", null, EmulationSpeed.Max, null);
        var board = EmulationSetup.PowerOn(options, DateTime.Now, DateTime.UtcNow);
        info = new EmulationInfo(options.HexPath, board.Description.Name, board.Description.CrystalHz, ["K1", "K2", "K3", "K4"]);
        using var session = new EmulationSession(board, EmulationSpeed.Max);
        session.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (session.Latest.ErrorCount == 0 && DateTime.UtcNow < deadline)
        {
            Assert.That(session.Fault, Is.Null);
            Thread.Sleep(20);
        }
        Thread.Sleep(100);
        return session.Latest;
    }

    [Test]
    public void Terminal_and_web_views_show_the_rules_and_the_error_after_20000_warnings()
    {
        var snapshot = RunUntilTheError(out var info);
        Assert.That(snapshot.ErrorCount, Is.EqualTo(1));
        var frame = TerminalFrame.Render(snapshot, info);
        Assert.That(frame, Has.Some.StartsWith("diagnostics: 20001 (1 error(s)); by chip and rule:"));
        Assert.That(frame, Has.Some.Match(@"^  warning lcd tAH ×20000: first .*, last .*: RS changed while E is high$"));
        Assert.That(frame, Has.Some.Match(@"^  error   lcd busy ×1: "));
        Assert.That(frame, Has.Some.Match(@"^  error lcd busy at cycle \d+ .*written while busy"));

        var web = WebState.From(snapshot, info, null);
        Assert.That(web.ErrorCount, Is.EqualTo(1));
        Assert.That(web.Errors, Has.Length.EqualTo(1).And.Some.Contains("written while busy"));
        Assert.That(web.DiagnosticRules, Has.Some.StartsWith("warning lcd tAH ×20000"));
    }

    [Test]
    public void Plain_view_prints_every_error_the_first_of_each_rule_and_the_summary_at_exit()
    {
        var options = new EmulationOptions(TestPrograms.Hex("warnings_then_error"), "prechin-a2", null, EmulationSpeed.Max, null);
        var board = EmulationSetup.PowerOn(options, DateTime.Now, DateTime.UtcNow);
        var info = new EmulationInfo(options.HexPath, board.Description.Name, board.Description.CrystalHz, ["K1", "K2", "K3", "K4"]);
        using var session = new EmulationSession(board, EmulationSpeed.Max);
        var output = new StringWriter();
        using var quit = new CancellationTokenSource();
        session.Start();
        var view = new Thread(() => new PlainView(session, info, new StringReader(""), TextWriter.Synchronized(output)).Run(quit)) { IsBackground = true };
        view.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (session.Latest.ErrorCount == 0 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Thread.Sleep(200);
        quit.Cancel();
        Assert.That(view.Join(TimeSpan.FromSeconds(5)), Is.True);
        string text = output.ToString();
        Assert.That(text, Does.Contain("RS changed while E is high (first of its kind; counted in the summary at exit)"));
        Assert.That(text, Does.Match(@"error lcd busy at cycle \d+ .*written while busy"));
        Assert.That(text, Does.Contain("diagnostics: 20001 (1 error(s)); by chip and rule:"));
        Assert.That(text, Does.Contain("warning lcd tAH ×20000"));
    }
}
