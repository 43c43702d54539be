using System.Text.RegularExpressions;

namespace Calendar51.Tests.Firmware;

/// <summary>Builds every board's two images with SDCC (make, into a temporary directory) and checks
/// their budgets: &lt;board&gt; for the board's STC89C52RC (8 KB, 256 B) with the DS18B20 temperature,
/// &lt;board&gt;-at89c51 within an AT89C51 (4 KB, 128 B) without it; and that
/// firmware/dist/calendar51.hex and calendar51-at89c51.hex are reproducible byte for byte.</summary>
[TestFixture]
public partial class FirmwareBuildTests
{
    private static readonly string[] Boards = ["prechin-a2", "kst-51", "lcd1602-kit"];
    private static readonly string[] Images = [.. Boards, .. Boards.Select(b => b + "-at89c51")];
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

    [TestCaseSource(nameof(Images))]
    public void EveryImageBuilds(string image)
    {
        Assert.That(File.Exists(Path.Combine(_buildDirectory, image, "calendar51.hex")), Is.True,
            $"no image {image}; build output:\n{_buildOutput}");
    }

    [TestCaseSource(nameof(Boards))]
    public void At89C51ImageFitsAnAt89C51WithoutTheTemperature(string board) =>
        CheckSize(board + "-at89c51", codeLimit: 4096, ramLimit: 128, temperature: false);

    [TestCaseSource(nameof(Boards))]
    public void BoardImageFitsTheStc89C52RcWithTheTemperature(string board) =>
        CheckSize(board, codeLimit: 8192, ramLimit: 256, temperature: true);

    private void CheckSize(string image, int codeLimit, int ramLimit, bool temperature)
    {
        var match = SizeLine().Matches(_buildOutput).SingleOrDefault(m => m.Groups["board"].Value == image);
        Assert.That(match, Is.Not.Null, $"no size report for {image}:\n{_buildOutput}");
        var code = int.Parse(match!.Groups["code"].Value);
        var ram = int.Parse(match.Groups["total"].Value);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.LessThanOrEqualTo(codeLimit), $"{image}: code bytes");
            Assert.That(int.Parse(match.Groups["codeLimit"].Value), Is.EqualTo(codeLimit), $"{image}: code budget in the report");
            Assert.That(ram, Is.LessThanOrEqualTo(ramLimit), $"{image}: internal RAM incl. stack reserve");
            Assert.That(match.Groups["temperature"].Success, Is.EqualTo(temperature), $"{image}: the size report says whether the temperature is in");
        });
    }

    [TestCase("calendar51.hex", "prechin-a2")]
    [TestCase("calendar51-at89c51.hex", "prechin-a2-at89c51")]
    public void CommittedDefaultImageEqualsAFreshBuild(string distName, string image)
    {
        var committed = Path.Combine(FirmwareTools.FirmwareDirectory(), "dist", distName);
        var fresh = Path.Combine(_buildDirectory, image, "calendar51.hex");
        Assert.That(File.Exists(fresh), Is.True, "fresh build missing:\n" + _buildOutput);
        Assert.That(File.ReadAllBytes(committed), Is.EqualTo(File.ReadAllBytes(fresh)),
            $"firmware/dist/{distName} differs from a fresh SDCC build: run 'make dist' in firmware/");
    }

    // "SIZE prechin-a2 code=4857/8192 ram=116+21=137/256 ok temperature", "SIZE kst-51-at89c51 code=4037/4096 ram=97+20=117/128 ok"
    [GeneratedRegex(@"^SIZE (?<board>\S+) code=(?<code>\d+)/(?<codeLimit>\d+) ram=\d+\+\d+=(?<total>\d+)/\d+ \w+(?<temperature> temperature)?$", RegexOptions.Multiline)]
    private static partial Regex SizeLine();
}
