using System.CommandLine;
using Calendar51.Host;
using Calendar51.Host.ArduinoIsp;
using Calendar51.Host.Commands;
using Calendar51.Host.Serial;

namespace Calendar51.Tests.Flashing.ArduinoIsp;

/// <summary>`flash --programmer arduino-isp`: options, exit codes and help, with the fake Arduino standing in for the port; then over a real pty.</summary>
[NonParallelizable]
public class ArduinoIspCommandTests
{
    private string _hex = "";

    [SetUp]
    public void WriteHex()
    {
        _hex = Path.Combine(Path.GetTempPath(), $"calendar51-isp-{Guid.NewGuid():N}.hex");
        File.WriteAllLines(_hex, PtyEndToEndTests.ToIntelHex(FlashHarness.SampleCode(700)));
    }

    [TearDown]
    public void DeleteHex() => File.Delete(_hex);

    private static (int Exit, string Out, string Err, int OpenedAtBaud) Invoke(FakeArduinoIsp? arduino, params string[] args)
    {
        var openedAt = 0;
        var root = new RootCommand
        {
            FlashCommand.Create(_ => new SerialEnvironment(
                (port, baud, _) =>
                {
                    openedAt = baud;
                    return arduino ?? throw new SerialTransportException($"cannot open serial port {port}: No such file or directory");
                },
                arduino ?? (ITimeSource)new SystemTimeSource(), false, CancellationToken.None)),
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString(), openedAt);
    }

    [Test]
    public void FlashesThroughTheFakeArduinoAtTheSketchsRate()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var (exit, output, error, baud) = Invoke(new FakeArduinoIsp(chip), "flash", _hex, "--port", "fake", "--programmer", "arduino-isp", "--part", "at89s52");
        Assert.That(exit, Is.EqualTo(0), output + error);
        Assert.That(baud, Is.EqualTo(19200));
        Assert.That(chip.Flash.Take(700), Is.EqualTo(FlashHarness.SampleCode(700)));
        Assert.That(output, Does.Contain("Written 700/700 bytes"));
    }

    [TestCase("--programmer", "avrisp", "--programmer 'avrisp' is not one of stc, arduino-isp")]
    [TestCase("--lock", "5", "--lock 5 is not a lock mode")]
    [TestCase("--part", "at89c52", "--part 'at89c52' is not one of at89s51, at89s52")]
    [TestCase("--handshake-baud", "1200", "--handshake-baud only apply to STC chips")]
    [TestCase("--reset", "dtr", "--reset only apply to STC chips")]
    [TestCase("--force", null, "--force erases a chip whose signature cannot be read, so it needs --part")]
    public void BadArduinoIspOptionsExitThree(string option, string? value, string message)
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        string[] args = ["flash", _hex, "--port", "fake", "--programmer", option == "--programmer" ? value! : "arduino-isp"];
        if (option != "--programmer")
        {
            args = value is null ? [.. args, option] : [.. args, option, value];
        }
        var (exit, _, error, _) = Invoke(new FakeArduinoIsp(chip), args);
        Assert.That(exit, Is.EqualTo(3), error);
        Assert.That(error, Does.Contain(message));
        Assert.That(chip.Erases, Is.Zero);
    }

    [Test]
    public void IspOnlyOptionsAreRefusedForStc()
    {
        var (exit, _, error, _) = Invoke(null, "flash", _hex, "--port", "fake", "--part", "at89s52");
        Assert.That(exit, Is.EqualTo(3));
        Assert.That(error, Does.Contain("--part only apply with --programmer arduino-isp"));
    }

    [Test]
    public void AnImageTooLargeForTheNamedPartIsRefusedBeforeThePortOpens()
    {
        File.WriteAllLines(_hex, PtyEndToEndTests.ToIntelHex(FlashHarness.SampleCode(4100)));
        var (exit, _, error, baud) = Invoke(null, "flash", _hex, "--port", "fake", "--programmer", "arduino-isp", "--part", "at89s51");
        Assert.That(exit, Is.EqualTo(3));
        Assert.That(error, Does.Contain("the image is 4100 bytes but the AT89S51 has 4096 bytes of flash"));
        Assert.That(baud, Is.Zero, "the port was never opened");
    }

    [Test]
    public void HelpShowsTheWiring()
    {
        var (_, output, _, _) = Invoke(null, "flash", "--help");
        Assert.That(output, Does.Contain("--programmer").And.Contain("Arduino pin 10 -> AT89S RST").And.Contain("P1.6 / MISO"));
    }

    [Test, CancelAfter(60_000)]
    public void TheBundledFirmwareGoesIntoAFakeAt89s52OnAPty()
    {
        using var ptys = SocatPtyPair.Start();
        var chip = new FakeAt89s(At89sPart.At89s52);
        var arduino = new FakeArduinoIsp(chip) { BootTime = TimeSpan.Zero, UseWallClock = true };
        var hex = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
        var image = Calendar51.Emulator.Hex.IntelHex.Load(hex);
        var code = image.Data.AsSpan(0, image.HighestAddress + 1).ToArray();
        using var device = SystemSerialTransport.Open(ptys.Second, 19200, LineParity.None);
        using var stop = new CancellationTokenSource();
        var pump = Task.Run(() => PtyEndToEndTests.Pump(device, arduino, stop.Token));
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = Cli.Run(["flash", hex, "--port", ptys.First, "--programmer", "arduino-isp"], stdout, stderr);

            Assert.That(exit, Is.EqualTo(0), $"{stdout}\n{stderr}");
            Assert.That(chip.Flash.AsSpan(0, code.Length).ToArray(), Is.EqualTo(code));
            Assert.That(chip.Violations, Is.Empty);
            Assert.That(stdout.ToString(), Does.Contain("Chip: AT89S52").And.Contain("read back identical"));
        }
        finally
        {
            stop.Cancel();
            pump.Wait(2000);
        }
    }
}
