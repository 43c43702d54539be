using System.Text.RegularExpressions;
using Calendar51.Host;
using Calendar51.Tests.Firmware;

namespace Calendar51.Tests.Scenarios;

/// <summary>
/// Every clock scenario in tests/scenarios/ run through <c>calendar51 scenario</c> (Cli.Run), one test
/// case per file, each required to exit 0. Files without a <c>hex:</c> run on the committed default
/// image firmware/dist/calendar51.hex (passed explicitly, so a stale copy beside the binary is never
/// used); files whose <c>hex:</c> points into firmware/build/ (the 11.0592 MHz boards) get those images
/// built with <c>make -C firmware</c> first.
/// </summary>
[TestFixture]
public partial class ClockScenarioSuiteTests
{
    private static string ScenarioDirectory => Path.Combine(FirmwareTools.RepositoryRoot(), "tests", "scenarios");

    private static string DefaultImage => Path.Combine(FirmwareTools.FirmwareDirectory(), "dist", "calendar51.hex");

    /// <summary>The file names, found at discovery time by walking up from the test assembly.</summary>
    public static IEnumerable<TestCaseData> ScenarioFiles()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Calendar51.sln"))) continue;
            var scenarios = Path.Combine(dir.FullName, "tests", "scenarios");
            return Directory.Exists(scenarios)
                ? Directory.GetFiles(scenarios, "*.yaml").Order(StringComparer.Ordinal)
                    .Select(path => new TestCaseData(Path.GetFileName(path)).SetName($"Scenario({Path.GetFileName(path)})"))
                : [];
        }
        return [];   // NUnit reports a TestCaseSource without cases as a failure, so this cannot pass silently
    }

    [GeneratedRegex(@"^hex:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex HexLine();

    [OneTimeSetUp]
    public void RequireImages()
    {
        Assert.That(Directory.GetFiles(ScenarioDirectory, "*.yaml"), Is.Not.Empty, $"no scenario files in {ScenarioDirectory}");
        Assert.That(File.Exists(DefaultImage), Is.True,
            $"the default firmware image {DefaultImage} is missing: build it with `make -C firmware dist` (needs sdcc)");
        bool needsBoardBuilds = Directory.GetFiles(ScenarioDirectory, "*.yaml")
            .Any(path => HexLine().Match(File.ReadAllText(path)) is { Success: true } hex && hex.Groups[1].Value.Contains("firmware/build/"));
        if (!needsBoardBuilds) return;
        FirmwareTools.RequireTool("sdcc");
        FirmwareTools.RequireTool("make");
        var (code, output) = FirmwareTools.Run("make", "", FirmwareTools.FirmwareDirectory(), TimeSpan.FromMinutes(5));
        Assert.That(code, Is.EqualTo(0), "make -C firmware failed (the kst-51/lcd1602-kit scenarios need its images):\n" + output);
    }

    [TestCaseSource(nameof(ScenarioFiles))]
    public void Scenario(string fileName)
    {
        string path = Path.Combine(ScenarioDirectory, fileName);
        string[] arguments = HexLine().IsMatch(File.ReadAllText(path))
            ? ["scenario", path]
            : ["scenario", path, "--hex", DefaultImage];
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Run(arguments, output, error);
        Assert.That(exit, Is.EqualTo(0), $"calendar51 {string.Join(' ', arguments)} exited {exit}:\n{output}{error}");
    }
}
