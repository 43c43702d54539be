using System.CommandLine;
using Calendar51.Host;
using Calendar51.Host.Commands;
using Calendar51.Host.Serial;

namespace Calendar51.Tests.Flashing;

/// <summary>The `flash` command line: exit codes and help, with the fake chip standing in for the port.</summary>
public class FlashCommandTests
{
    private string _hex = "";

    [SetUp]
    public void WriteHex()
    {
        _hex = Path.Combine(Path.GetTempPath(), $"calendar51-cmd-{Guid.NewGuid():N}.hex");
        File.WriteAllLines(_hex, PtyEndToEndTests.ToIntelHex(FlashHarness.SampleCode(300)));
    }

    [TearDown]
    public void DeleteHex() => File.Delete(_hex);

    private static (int Exit, string Out, string Err) Invoke(FakeStc89Bootloader? chip, params string[] args)
    {
        var root = new RootCommand
        {
            FlashCommand.Create(_ => new SerialEnvironment(
                (port, _, _) => chip ?? throw new SerialTransportException($"cannot open serial port {port}: No such file or directory"),
                chip ?? (ITimeSource)new SystemTimeSource(), false, CancellationToken.None)),
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void SuccessfulFlashExitsZeroWithPlainProgressLines()
    {
        var chip = FlashHarness.ClassicChip();
        var (exit, output, error) = Invoke(chip, "flash", _hex, "--port", "fake");
        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(output, Does.Contain("Written 512/512 bytes"));
        Assert.That(output, Does.Not.Contain("\r"));
    }

    [TestCase("--baud", "fast", "Cannot parse argument 'fast'")]
    [TestCase("--reset", "dsr", "--reset 'dsr' is not one of")]
    [TestCase("--option", "cpu-6t=maybe", "value must be on or off")]
    [TestCase("--option", "turbo=on", "expected NAME=on|off")]
    [TestCase("--option", "bsl-pindetect=on", "add --force")]
    [TestCase("--wait", "0", "--wait 0 must be between")]
    public void BadOptionsExitThree(string option, string value, string message)
    {
        var (exit, _, error) = Invoke(FlashHarness.ClassicChip(), "flash", _hex, "--port", "fake", option, value);
        Assert.That(exit, Is.EqualTo(3));
        Assert.That(error, Does.Contain(message));
    }

    [Test]
    public void LockoutOptionIsAllowedWithForce()
    {
        var chip = FlashHarness.ClassicChip();
        var (exit, output, error) = Invoke(chip, "flash", _hex, "--port", "fake", "--option", "bsl-pindetect=on", "--force");
        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(chip.OptionByte & 0x04, Is.Zero);
    }

    [Test]
    public void MissingPortAndBrokenHexExitThree()
    {
        Assert.That(Invoke(FlashHarness.ClassicChip(), "flash", _hex).Exit, Is.EqualTo(3));
        File.WriteAllLines(_hex, [":0300000002000BF1", ":00000001FF"]);
        var (exit, _, error) = Invoke(FlashHarness.ClassicChip(), "flash", _hex, "--port", "fake");
        Assert.That(exit, Is.EqualTo(3));
        Assert.That(error, Does.Contain($"{_hex}:1: checksum"));
    }

    [Test]
    public void UnopenablePortExitsOne()
    {
        var (exit, _, error) = Invoke(null, "flash", _hex, "--port", "/dev/ttyNOPE");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("/dev/ttyNOPE").And.Contain("Nothing was written"));
    }

    [Test]
    public void HelpDocumentsExitCodesAndAt89Routes()
    {
        var stdout = new StringWriter();
        Cli.Run(["flash", "--help"], stdout, new StringWriter());
        Assert.That(stdout.ToString(), Does.Contain("Exit codes:").And.Contain("3  bad input").And.Contain("--programmer arduino-isp").And.Contain("AT89C51"));
    }
}
