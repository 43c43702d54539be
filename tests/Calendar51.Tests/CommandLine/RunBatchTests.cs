using static Calendar51.Tests.CliCapture;
using System.Text.Json;

namespace Calendar51.Tests.CommandLine;

/// <summary><c>calendar51 run A.hex B.hex …</c>: several programs in one process, one JSON line each.</summary>
public class RunBatchTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-batch-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    /// <summary>MOV A,#value; SJMP $ as a one-record HEX file.</summary>
    private string WriteProgram(string name, byte value)
    {
        byte[] record = [4, 0, 0, 0, 0x74, value, 0x80, 0xFE];
        byte checksum = (byte)(-record.Sum(b => b) & 0xFF);
        string path = Path.Combine(directory, name);
        File.WriteAllLines(path, [":" + Convert.ToHexString(record) + checksum.ToString("X2"), ":00000001FF"]);
        return path;
    }

    [Test]
    public void EveryFileRunsFromResetAndPrintsOneJsonLineNamingIt()
    {
        string first = WriteProgram("first.hex", 0x11), second = WriteProgram("second.hex", 0x22);

        var (exit, output, error) = Run("run", first, second, "--dump-state");

        Assert.That(exit, Is.EqualTo(0), error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        using var one = JsonDocument.Parse(lines[0]);
        using var two = JsonDocument.Parse(lines[1]);
        Assert.That(one.RootElement.GetProperty("file").GetString(), Is.EqualTo(first));
        Assert.That(one.RootElement.GetProperty("sfr").GetProperty("ACC").GetInt32(), Is.EqualTo(0x11));
        Assert.That(two.RootElement.GetProperty("file").GetString(), Is.EqualTo(second));
        Assert.That(two.RootElement.GetProperty("sfr").GetProperty("ACC").GetInt32(), Is.EqualTo(0x22));
        Assert.That(two.RootElement.GetProperty("cycles").GetInt64(), Is.EqualTo(3), "the second starts from reset, cycle 0");
        Assert.That(error, Does.Contain($"{first}: stopped: self-jump at 0x0002").And.Contain($"{second}: stopped: self-jump at 0x0002"));
    }

    [Test]
    public void ABadFileIsReportedOnItsLineAndTheOthersStillRun()
    {
        string good = WriteProgram("good.hex", 0x33);
        string missing = Path.Combine(directory, "missing.hex");

        var (exit, output, error) = Run("run", missing, good, "--dump-state");

        Assert.That(exit, Is.EqualTo(2));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        using var bad = JsonDocument.Parse(lines[0]);
        Assert.That(bad.RootElement.GetProperty("file").GetString(), Is.EqualTo(missing));
        Assert.That(bad.RootElement.GetProperty("error").GetString(), Does.Contain("missing.hex"));
        using var ran = JsonDocument.Parse(lines[1]);
        Assert.That(ran.RootElement.GetProperty("sfr").GetProperty("ACC").GetInt32(), Is.EqualTo(0x33));
        Assert.That(error, Does.Contain("missing.hex"));
    }

    [Test]
    public void OneFileKeepsTheSingleObjectWithoutAFileField()
    {
        var (exit, output, error) = Run("run", WriteProgram("only.hex", 0x44), "--dump-state");

        Assert.That(exit, Is.EqualTo(0));
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.TryGetProperty("file", out _), Is.False);
        Assert.That(error, Does.StartWith("stopped: self-jump"));
    }

    [TestCase("--uart-out", "-")]
    [TestCase("--vcd", "x.vcd")]
    public void OptionsOfOneFileAreRefusedWithSeveral(string option, string value)
    {
        var (exit, output, error) = Run("run", WriteProgram("a.hex", 1), WriteProgram("b.hex", 2), option, value);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain(option).And.Contain("one HEX file"));
        Assert.That(output, Is.Empty);
    }
}
