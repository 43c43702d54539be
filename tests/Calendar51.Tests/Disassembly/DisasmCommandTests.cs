using Calendar51.Host;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Disassembly;

public class DisasmCommandTests
{
    private const string SmallProgram = ":03000000020100FA\n:04010000743A80FECF\n:00000001FF\n";

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = Cli.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Lists_a_small_hex_file()
    {
        using var files = new SdccToolchain();
        var path = files.Write("small.hex", SmallProgram);

        var (exitCode, stdout, stderr) = Run("disasm", path, "--part", "at89c52");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0));
            Assert.That(stderr, Is.Empty);
            Assert.That(stdout.ReplaceLineEndings("\n"), Is.EqualTo(
                $"; {path}: 7 bytes in 2 range(s), part at89c52 (8192 bytes of code)\n" +
                "0000  02 01 00  LJMP 0100h\n" +
                "; 0003-00FF not in the file (253 bytes)\n" +
                "0100  74 3A     MOV A,#3Ah\n" +
                "0102  80 FE     SJMP 0102h\n"));
        });
    }

    [Test]
    public void Bad_hex_is_reported_on_stderr_with_exit_code_2()
    {
        using var files = new SdccToolchain();
        var path = files.Write("bad.hex", ":03000000020100FB\n:00000001FF\n");

        var (exitCode, stdout, stderr) = Run("disasm", path);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr.Trim(), Is.EqualTo($"{path}:1: checksum is 0xFB, expected 0xFA"));
        });
    }

    [Test]
    public void Code_beyond_the_part_is_refused_with_exit_code_2()
    {
        using var files = new SdccToolchain();
        var path = files.Write("big.hex", ":01100000A54A\n:00000001FF\n");

        var (exitCode, _, stderr) = Run("disasm", path, "--part", "at89c51");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stderr.Trim(), Is.EqualTo($"{path}:1: data at 0x1000 lies beyond the code size of 4096 bytes (0x0000-0x0FFF)"));
        });
    }

    [Test]
    public void A_missing_file_is_reported_with_exit_code_2()
    {
        using var files = new SdccToolchain();
        var path = files.PathOf("absent.hex");

        var (exitCode, _, stderr) = Run("disasm", path);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stderr, Does.StartWith($"{path}: no such file"));
        });
    }

    [Test]
    public void An_unknown_part_is_a_usage_error()
    {
        using var files = new SdccToolchain();
        var path = files.Write("small.hex", SmallProgram);

        var (exitCode, _, stderr) = Run("disasm", path, "--part", "z80");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain("z80"));
        });
    }
}
