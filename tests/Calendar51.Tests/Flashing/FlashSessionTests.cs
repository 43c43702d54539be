using Calendar51.Host.Serial;
using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>Whole sessions against the modelled chip: both protocols, baud choice and step-down, power cycling, options.</summary>
public class FlashSessionTests
{
    [Test]
    public void ClassicChipIsProgrammedAtTheFastestWorkingRate()
    {
        var chip = FlashHarness.ClassicChip();
        var code = FlashHarness.SampleCode(3000);

        var (result, report) = FlashHarness.Run(chip, code);

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(chip.Flash.Take(code.Length), Is.EqualTo(code));
        Assert.That(chip.Flash.Skip(code.Length).Take(3072 - code.Length), Is.All.EqualTo((byte)0xFF));
        Assert.That(chip.ResetIntoUserCode, Is.True);
        Assert.That(chip.OptionByte, Is.EqualTo(0xFC), "option byte kept");
        Assert.That(chip.Violations, Is.Empty);
        // 19.957 MHz 6T: 19.957e6 / (16 × 11) = 113.4 kBd, 1.6 % below 115200, within the 2 % limit.
        Assert.That(report.Lines, Does.Contain("Transfer rate: 115200 baud."));
        Assert.That(report.Lines, Has.Some.Contains("STC89C/LE52RC").And.Some.Contains("4.3C").And.Some.Contains("19.957 MHz").And.Some.Contains("6T"));
        Assert.That(report.ProgressBytes[^1], Is.EqualTo(3072));
    }

    [Test]
    public void Bsl7ChipIsProgrammedAt8E1WithSixteenBitChecksums()
    {
        var chip = FlashHarness.Bsl7Chip();
        var code = FlashHarness.SampleCode(8192);

        var (result, report) = FlashHarness.Run(chip, code);

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(chip.Flash, Is.EqualTo(code));
        Assert.That(chip.Violations, Is.Empty);
        Assert.That(chip.Parity, Is.EqualTo(LineParity.Even));
        Assert.That(chip.BaudRate, Is.EqualTo(115200));
        Assert.That(report.Lines, Has.Some.Contains("7.2.5C").And.Some.Contains("BSL 7 protocol, 8E1").And.Some.Contains("12T"));
    }

    [Test]
    public void FailedBaudTestStepsDownToALowerRate()
    {
        var chip = FlashHarness.ClassicChip();
        chip.MaxWorkingBaud = 20000;
        var code = FlashHarness.SampleCode(600);

        var (result, report) = FlashHarness.Run(chip, code);

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(report.Lines, Does.Contain("No answer at 115200 baud; trying a lower rate."));
        Assert.That(report.Lines, Does.Contain("Transfer rate: 19200 baud."));
        Assert.That(chip.Flash.Take(code.Length), Is.EqualTo(code));
    }

    [Test]
    public void BaudCapIsHonoured()
    {
        var chip = FlashHarness.ClassicChip();
        var (result, report) = FlashHarness.Run(chip, FlashHarness.SampleCode(100), maxBaud: 9600);
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(chip.BaudRate, Is.EqualTo(9600));
    }

    [TestCase("dtr")]
    [TestCase("rts-inverted")]
    public void ModemLinePowerCycleBootsTheChipWithoutTheUser(string line)
    {
        var chip = FlashHarness.ClassicChip();
        chip.PowerOnAt = null;
        chip.PowerSwitch = PowerCycleLine.Parse(line);

        var (result, report) = FlashHarness.Run(chip, FlashHarness.SampleCode(100), powerCycle: PowerCycleLine.Parse(line));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(report.Lines, Has.Some.StartsWith("Power-cycling the board through"));
        Assert.That(chip.Now, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void PortWithoutModemLinesFallsBackToAManualPowerCycle()
    {
        var chip = FlashHarness.ClassicChip();
        chip.SupportsModemLines = false;

        var (result, report) = FlashHarness.Run(chip, FlashHarness.SampleCode(100), powerCycle: PowerCycleLine.Parse("dtr"));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(report.Lines, Has.Some.Contains("cannot drive DTR; power-cycle the board by hand"));
        Assert.That(report.Lines, Has.Some.StartsWith("Switch the board off and on again now"));
    }

    [Test]
    public void OptionChangeIsWrittenAndOtherBitsKept()
    {
        var chip = FlashHarness.ClassicChip();
        var (result, report) = FlashHarness.Run(chip, FlashHarness.SampleCode(100),
            options: new Dictionary<string, bool> { ["cpu-6t"] = false });
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(chip.OptionByte, Is.EqualTo(0xFD));
    }

    [Test]
    public void ImageLargerThanTheDetectedChipIsBadInputAndNothingIsWritten()
    {
        var chip = FlashHarness.ClassicChip();
        var (result, report) = FlashHarness.Run(chip, FlashHarness.SampleCode(9000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.BadInput), report.ToString());
        Assert.That(result.Message, Does.Contain("9000 bytes").And.Contain("Nothing was written"));
        Assert.That(chip.Erased, Is.False);
    }

    [Test]
    public void OptionBitsMapToTheirNames()
    {
        var fc = new Stc89OptionByte(0xFC);
        Assert.Multiple(() =>
        {
            Assert.That(fc.Get("cpu-6t"), Is.True);
            Assert.That(fc.Get("bsl-pindetect"), Is.False, "FC has bit 2 (~BSLD) set");
            Assert.That(fc.Get("watchdog-por"), Is.False);
            Assert.That(fc.With("bsl-pindetect", true).Value, Is.EqualTo(0xF8));
            Assert.That(new Stc89OptionByte(0xFF).With("cpu-6t", true).Value, Is.EqualTo(0xFE));
        });
    }
}
