using static Calendar51.Tests.CliCapture;
using System.Text.Json;
using Calendar51.Host;

namespace Calendar51.Tests.CommandLine;

public class RunCommandTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-run-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private string WriteHex(params byte[] code)
    {
        var lines = new List<string>();
        for (int offset = 0; offset < code.Length; offset += 16)
        {
            var chunk = code.Skip(offset).Take(16).ToArray();
            var record = new List<byte> { (byte)chunk.Length, (byte)(offset >> 8), (byte)offset, 0 };
            record.AddRange(chunk);
            byte checksum = (byte)(-record.Sum(b => b) & 0xFF);
            lines.Add(":" + Convert.ToHexString([.. record]) + checksum.ToString("X2"));
        }
        lines.Add(":00000001FF");
        string path = Path.Combine(directory, "program.hex");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void DumpStateIsOneJsonObjectWithEveryRegisterOfThePart()
    {
        // MOV A,#42h; MOV 30h,A; MOV DPTR,#1234h; SJMP $
        string hex = WriteHex(0x74, 0x42, 0xF5, 0x30, 0x90, 0x12, 0x34, 0x80, 0xFE);
        var (exit, output, error) = Run("run", hex, "--part", "at89c52", "--dump-state");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(error, Does.Contain("self-jump at 0x0007"));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.That(root.GetProperty("part").GetString(), Is.EqualTo("at89c52"));
        Assert.That(root.GetProperty("cycles").GetInt64(), Is.EqualTo(1 + 1 + 2 + 2));
        Assert.That(root.GetProperty("pc").GetInt32(), Is.EqualTo(7));
        string iram = root.GetProperty("iram").GetString()!;
        Assert.That(iram, Has.Length.EqualTo(512));
        Assert.That(iram.Substring(0x30 * 2, 2), Is.EqualTo("42"));
        var sfr = root.GetProperty("sfr");
        foreach (var name in new[] { "ACC", "B", "PSW", "SP", "DPL", "DPH", "P0", "P1", "P2", "P3", "IE", "IP", "TCON", "TMOD",
                                     "TL0", "TH0", "TL1", "TH1", "SCON", "PCON", "SBUF", "T2CON", "T2MOD", "RCAP2L", "RCAP2H", "TL2", "TH2" })
        {
            Assert.That(sfr.TryGetProperty(name, out _), Is.True, name);
        }
        Assert.That(sfr.GetProperty("ACC").GetInt32(), Is.EqualTo(0x42));
        Assert.That(sfr.GetProperty("DPH").GetInt32(), Is.EqualTo(0x12));
        Assert.That(sfr.GetProperty("P1").GetInt32(), Is.EqualTo(0xFF));
        Assert.That(root.GetProperty("xram").GetString(), Is.Empty);
    }

    [Test]
    public void AT89C51HasNoTimer2AndTheStcPartShowsItsXram()
    {
        string hex = WriteHex(0x80, 0xFE);
        using var small = JsonDocument.Parse(Run("run", hex, "--part", "at89c51", "--dump-state").Out);
        Assert.That(small.RootElement.GetProperty("sfr").TryGetProperty("T2CON", out _), Is.False);
        Assert.That(small.RootElement.GetProperty("iram").GetString(), Has.Length.EqualTo(256));
        using var stc = JsonDocument.Parse(Run("run", hex, "--part", "stc89c52rc", "--dump-state").Out);
        Assert.That(stc.RootElement.GetProperty("xram").GetString(), Has.Length.EqualTo(512));
    }

    [Test]
    public void UntilPcStopsBeforeTheInstructionThere()
    {
        string hex = WriteHex(0x00, 0x00, 0x04, 0x80, 0xFE);
        var (exit, output, error) = Run("run", hex, "--until-pc", "0x0002", "--dump-state");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(error, Does.Contain("pc reached 0x0002"));
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("cycles").GetInt64(), Is.EqualTo(2));
        Assert.That(json.RootElement.GetProperty("sfr").GetProperty("ACC").GetInt32(), Is.EqualTo(0));
    }

    [Test]
    public void MaxCyclesStopsAtTheFirstInstructionBoundaryAtOrPastIt()
    {
        string hex = WriteHex(0x00, 0x80, 0xFD);   // loop: NOP; SJMP loop
        var (_, output, error) = Run("run", hex, "--max-cycles", "100", "--dump-state");
        Assert.That(error, Does.Contain("cycle limit"));
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("cycles").GetInt64(), Is.EqualTo(100).Or.EqualTo(101));
    }

    [Test]
    public void TraceShowsOneLinePerInstructionWithRegisters()
    {
        string hex = WriteHex(0x74, 0x42, 0xA5, 0x80, 0xFE);
        var (_, output, _) = Run("run", hex, "--trace");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Does.Contain("0000").And.Contain("7442").And.Contain("MOV A,#42h").And.Contain("A=00"));
        Assert.That(lines[1], Does.Contain("undefined").And.Contain("A=42"));
        Assert.That(lines[2], Does.Contain("SJMP"));
    }

    [Test]
    public void AMalformedHexFileIsExitCode2WithFileAndLine()
    {
        string path = Path.Combine(directory, "bad.hex");
        File.WriteAllLines(path, [":0100000000FE", ":00000001FF"]);
        var (exit, _, error) = Run("run", path);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("bad.hex:1:"));
    }

    [Test]
    public void CodeLargerThanThePartIsRefused()
    {
        var code = new byte[4100];
        string hex = WriteHex(code);
        var (exit, _, error) = Run("run", hex, "--part", "at89c51");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("program.hex"));
    }

    [Test]
    public void BoardRunPrintsTheLcd()
    {
        // The kit-style LCD program: the whole byte written to P0, the busy flag polled through P0. The
        // STC89 starts it 236.7 ms after switch-on (RC reset, then its bootloader's listening window).
        string hex = TestPrograms.Hex("kit_lcd");
        var (exit, output, error) = Run("run", hex, "--board", "prechin-a2", "--max-cycles", "450000");
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("HELLO, 51!"));
        Assert.That(error, Does.Contain("self-jump"));
    }
}
