using Calendar51.Emulator.Cpu;
using Calendar51.Host.Commands;

namespace Calendar51.Tests.Scenarios;

/// <summary>Issue 9 §6: a long scenario shows that it is alive, and Ctrl-C says what ran.</summary>
public class ScenarioProgressTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-progress-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(directory, "long.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void ALongDelayPrintsProgressLinesOnAPipe()
    {
        string scenario = Write("steps:\n  - set-time: 2030-01-01T00:00:00\n  - power-on\n  - delay: 2m\n");
        var output = new StringWriter();
        int exit = ScenarioCommand.Run(scenario, null, null, ExecutionEngine.Translator, output, new StringWriter(), null, new ScenarioProgress(output, terminal: false, TimeSpan.Zero));
        Assert.That(exit, Is.Zero, output.ToString());
        var progress = output.ToString().Split('\n').Where(l => l.StartsWith("...", StringComparison.Ordinal)).ToList();
        Assert.That(progress, Has.Count.GreaterThanOrEqualTo(100), output.ToString());
        Assert.That(progress[^1], Does.Match(@"long\.yaml:4  delay: 2min  100 ?%  t=0:02:00\.000  \d+× real time"));
    }

    [Test]
    public void AnInterruptPrintsWhatRan()
    {
        string scenario = Write("steps:\n  - set-time: 2030-01-01T00:00:00\n  - power-on\n  - delay: 1m\n  - delay: 30d\n  - delay: 1s\n");
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var output = new StringWriter();
        var task = Task.Run(() => ScenarioCommand.Run(scenario, null, null, ExecutionEngine.Translator, output, new StringWriter(), null, null, interrupt.Token));
        Assert.That(task.Wait(TimeSpan.FromSeconds(20)), Is.True, "Ctrl-C did not stop the run");
        Assert.That(task.Result, Is.EqualTo(ScenarioCommand.ExitInterrupted));
        Assert.That(output.ToString(), Does.Contain("INTERRUPTED ").And.Contain("long.yaml:5: delay: 30d"));
        Assert.That(output.ToString(), Does.Contain("3 of 5 steps passed"));
        Assert.That(output.ToString(), Does.Contain("LCD:"));
    }
}
