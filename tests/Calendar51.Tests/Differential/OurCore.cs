using Calendar51.Host;

namespace Calendar51.Tests.Differential;

/// <summary>Runs a HEX file through our CLI contract (`calendar51 run ... --dump-state`) in-process.</summary>
public static class OurCore
{
    public sealed record Outcome(MachineState State, string Stderr);

    public static Outcome Run(PartProfile part, string hexPath, long maxCycles)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] arguments = ["run", hexPath, "--part", part.Part, "--max-cycles", maxCycles.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dump-state"];
        var exitCode = Cli.Run(arguments, stdout, stderr);
        if (exitCode != 0)
        {
            Assert.Fail($"calendar51 {string.Join(' ', arguments)} exited with {exitCode}:\n{stderr}\n{stdout}");
        }
        return new Outcome(MachineState.FromJson(stdout.ToString(), $"calendar51 run {hexPath}"), stderr.ToString());
    }
}
