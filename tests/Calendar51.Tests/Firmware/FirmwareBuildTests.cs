using System.Text.RegularExpressions;

namespace Calendar51.Tests.Firmware;

/// <summary>Builds every board's image with SDCC (make, into a temporary directory) and checks the
/// AT89C51 budget and that firmware/dist/calendar51.hex is reproducible byte for byte.</summary>
[TestFixture]
public partial class FirmwareBuildTests
{
    private static readonly string[] Boards = ["prechin-a2", "kst-51", "lcd1602-kit"];
    private string _buildDirectory = "";
    private string _buildOutput = "";

    [OneTimeSetUp]
    public void Build()
    {
        FirmwareTools.RequireTool("sdcc");
        FirmwareTools.RequireTool("make");
        _buildDirectory = Path.Combine(Path.GetTempPath(), $"calendar51-fw-{Guid.NewGuid():N}");
        var (_, output) = FirmwareTools.Run("make", $"-B BUILD={_buildDirectory}",
            FirmwareTools.FirmwareDirectory(), TimeSpan.FromMinutes(5));
        _buildOutput = output;
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(_buildDirectory))
            Directory.Delete(_buildDirectory, recursive: true);
    }

    [TestCaseSource(nameof(Boards))]
    public void EveryBoardBuilds(string board)
    {
        Assert.That(File.Exists(Path.Combine(_buildDirectory, board, "calendar51.hex")), Is.True,
            $"no image for {board}; build output:\n{_buildOutput}");
    }

    [TestCaseSource(nameof(Boards))]
    public void EveryImageFitsAnAt89C51(string board)
    {
        var match = SizeLine().Matches(_buildOutput).SingleOrDefault(m => m.Groups["board"].Value == board);
        Assert.That(match, Is.Not.Null, $"no size report for {board}:\n{_buildOutput}");
        var code = int.Parse(match!.Groups["code"].Value);
        var ram = int.Parse(match.Groups["total"].Value);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.LessThanOrEqualTo(4096), $"{board}: code bytes");
            Assert.That(ram, Is.LessThanOrEqualTo(128), $"{board}: internal RAM incl. stack reserve");
        });
    }

    [Test]
    public void CommittedDefaultImageEqualsAFreshBuild()
    {
        var committed = Path.Combine(FirmwareTools.FirmwareDirectory(), "dist", "calendar51.hex");
        var fresh = Path.Combine(_buildDirectory, "prechin-a2", "calendar51.hex");
        Assert.That(File.Exists(fresh), Is.True, "fresh build missing:\n" + _buildOutput);
        Assert.That(File.ReadAllBytes(committed), Is.EqualTo(File.ReadAllBytes(fresh)),
            "firmware/dist/calendar51.hex differs from a fresh SDCC build: run 'make dist' in firmware/");
    }

    // "SIZE prechin-a2 code=4012/4096 ram=90+24=114/128 ok"
    [GeneratedRegex(@"^SIZE (?<board>\S+) code=(?<code>\d+)/\d+ ram=\d+\+\d+=(?<total>\d+)/\d+", RegexOptions.Multiline)]
    private static partial Regex SizeLine();
}
