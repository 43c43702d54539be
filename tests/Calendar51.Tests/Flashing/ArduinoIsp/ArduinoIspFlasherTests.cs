using Calendar51.Emulator.Hex;
using Calendar51.Host.ArduinoIsp;
using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing.ArduinoIsp;

/// <summary>
/// AT89S flashing through the ArduinoISP sketch, against the fake sketch and chip on virtual time: the happy
/// path for both parts with the bundled firmware, and every fault ending within its time bound with the
/// documented exit code and a message that says what the chip holds.
/// </summary>
public class ArduinoIspFlasherTests
{
    /// <summary>Boot wait + ten sync attempts of 500 ms, with room: no fault may take longer than this.</summary>
    private static readonly TimeSpan FaultBound = TimeSpan.FromSeconds(8);

    /// <summary>The bundled image for <paramref name="part"/>: the AT89C51 image (no temperature) for a 4 KB part, else the default.</summary>
    private static byte[] BundledFirmware(At89sPart? part = null)
    {
        string name = part is { FlashSize: <= 4096 } ? "calendar51-at89c51.hex" : "calendar51.hex";
        var image = IntelHex.Load(Path.Combine(RepositoryFiles.Root, "firmware", "dist", name));
        return image.Data.AsSpan(0, image.HighestAddress + 1).ToArray();
    }

    private static (FlashResult Result, RecordingReporter Report) Flash(FakeArduinoIsp arduino, ArduinoIspRequest request, CancellationToken cancellation = default)
    {
        var report = new RecordingReporter();
        var result = new ArduinoIspFlasher(arduino, arduino, report).Run(request, cancellation);
        return (result, report);
    }

    [TestCase("AT89S52")]
    [TestCase("AT89S51")]
    public void TheBundledFirmwareGoesInAndReadsBackIdentical(string partName)
    {
        var part = At89sPart.FromName(partName)!;
        var code = BundledFirmware(part);
        var chip = new FakeAt89s(part);
        var arduino = new FakeArduinoIsp(chip);

        var (result, report) = Flash(arduino, new ArduinoIspRequest(code, part, null));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString() + result.Message);
        Assert.That(chip.Flash.AsSpan(0, code.Length).ToArray(), Is.EqualTo(code));
        Assert.That(chip.Flash.Skip(code.Length), Is.All.EqualTo(0xFF), "the rest of the flash is erased");
        Assert.That(chip.Violations, Is.Empty, "the flasher kept every datasheet rule (erase and write cycle times, order)");
        Assert.That(chip.Erases, Is.EqualTo(1));
        Assert.That(chip.Running, Is.True, "RESET released at the end");
        Assert.That(report.ToString(), Does.Contain($"Chip: {part.Name} (signature 1E {part.SignatureDevice:X2} 06)"));
        Assert.That(report.ToString(), Does.Contain("ArduinoISP sketch, version 1.18"));
        Assert.That(report.ProgressBytes[^1], Is.EqualTo(code.Length));
        Assert.That(result.Message, Does.Contain($"{code.Length} bytes written to the {part.Name}"));
    }

    [Test]
    public void WithoutPartTheSignatureDecides()
    {
        var chip = new FakeAt89s(At89sPart.At89s51);
        var (result, report) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest([0x02, 0x00, 0x03, 0x80, 0xFE], null, null));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString());
        Assert.That(chip.Flash.Take(5), Is.EqualTo(new byte[] { 0x02, 0x00, 0x03, 0x80, 0xFE }));
        Assert.That(report.ToString(), Does.Contain("Chip: AT89S51"));
    }

    [Test]
    public void TheSketchDrivesResetHighBecauseOfTheDeviceCode()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var arduino = new FakeArduinoIsp(chip);
        var (_, report) = Flash(arduino, new ArduinoIspRequest([0x12], At89sPart.At89s52, null));
        var setDevice = report.Frames.First(f => f.FromHost && f.Bytes[0] == Stk500v1.SetDevice).Bytes;
        Assert.That(setDevice[1], Is.EqualTo(0xE1), "AT89S52's STK500 device code");
        Assert.That(setDevice, Has.Length.EqualTo(Stk500v1.DeviceParameterLength + 2));
    }

    [Test]
    public void NoSketchEndsWithinItsBoundNamingTheLikelyCauses()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var arduino = new FakeArduinoIsp(chip) { SketchLoaded = false };

        var (result, _) = Flash(arduino, new ArduinoIspRequest(BundledFirmware(), null, null));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed));
        Assert.That(result.Message, Does.Contain("no answer to 10 sync requests"));
        Assert.That(result.Message, Does.Contain("ArduinoISP sketch").And.Contain("10 µF capacitor").And.Contain("port"));
        Assert.That(result.Message, Does.Contain("Nothing was written to the chip."));
        Assert.That(arduino.Now, Is.LessThan(FaultBound));
        Assert.That(chip.Erases, Is.Zero);
    }

    [Test]
    public void SyncWaitsForTheArduinoToBootAfterThePortOpens()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var arduino = new FakeArduinoIsp(chip) { BootTime = TimeSpan.FromSeconds(1.4) };
        var (result, report) = Flash(arduino, new ArduinoIspRequest([0x55], null, null));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString() + result.Message);
        Assert.That(report.Lines[0], Does.Contain("Waiting 1.5 s for the Arduino"));
    }

    [Test]
    public void AForeignSignatureIsRefusedByNameBeforeAnyErase()
    {
        var chip = new FakeAt89s(At89sPart.At89s52) { Signature = [0x1E, 0x93, 0x0F] };

        var (result, _) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest(BundledFirmware(), null, null));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed));
        Assert.That(result.Message, Does.Contain("signature 1E 93 0F is no AT89S51 (1E 51 06) or AT89S52 (1E 52 06)"));
        Assert.That(result.Message, Does.Contain("an AVR?"));
        Assert.That(chip.Erases, Is.Zero);
        Assert.That(chip.Running, Is.True, "RESET released after the failure");
    }

    [Test]
    public void APartThatDisagreesWithTheSignatureIsBadInput()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var (result, _) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest([0x00], At89sPart.At89s51, null));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.BadInput));
        Assert.That(result.Message, Does.Contain("--part at89s51 but the chip's signature 1E 52 06 says AT89S52"));
        Assert.That(chip.Erases, Is.Zero);
    }

    [Test]
    public void AnImageLargerThanTheChipIsRefusedBeforeTheErase()
    {
        var chip = new FakeAt89s(At89sPart.At89s51);
        var (result, _) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest(new byte[5000], null, null));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.BadInput));
        Assert.That(result.Message, Does.Contain("the image is 5000 bytes but the AT89S51 has 4096 bytes of flash"));
        Assert.That(chip.Erases, Is.Zero);
    }

    [Test]
    public void AVerifyMismatchStopsAtTheAddressAndSaysWhatWasWritten()
    {
        var chip = new FakeAt89s(At89sPart.At89s52) { StuckBitAddress = 0x0123 };
        var code = Enumerable.Repeat((byte)0x40, 0x200).ToArray();

        var (result, _) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest(code, null, null));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed));
        Assert.That(result.Message, Does.Contain("verify failed at 0123: wrote 40, read back 41"));
        Assert.That(result.Message, Does.Contain("written from 0000 up to 0123 (exclusive)"));
        Assert.That(result.Message, Does.Contain("Run the same command again"));
    }

    [Test]
    public void AReplyDroppedMidWriteEndsWithinItsBound()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var arduino = new FakeArduinoIsp(chip) { DropRepliesFromUniversal = 300 };

        var (result, _) = Flash(arduino, new ArduinoIspRequest(BundledFirmware(), null, null));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed));
        Assert.That(result.Message, Does.Contain("no answer from the programmer to").And.Contain("within 500 ms"));
        Assert.That(result.Message, Does.Contain("The flash was erased and written from 0000 up to"));
        Assert.That(arduino.Now, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void ThePortVanishingIsASerialErrorSayingWhatWasWritten()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var arduino = new FakeArduinoIsp(chip) { VanishAfterHostBytes = 3000 };

        var (result, _) = Flash(arduino, new ArduinoIspRequest(BundledFirmware(), null, null));

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed));
        Assert.That(result.Message, Does.StartWith("Serial port error: fake-arduino-isp: the device is gone"));
        Assert.That(result.Message, Does.Contain("up to"));
    }

    [Test]
    public void CtrlCCancelsWithExitCodeTwo()
    {
        using var cancel = new CancellationTokenSource();
        var chip = new FakeAt89s(At89sPart.At89s52);
        var arduino = new FakeArduinoIsp(chip) { CancelSource = cancel, CancelAt = TimeSpan.FromSeconds(4) };

        var (result, _) = Flash(arduino, new ArduinoIspRequest(BundledFirmware(), null, null), cancel.Token);

        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Cancelled));
        Assert.That(result.Message, Does.StartWith("Cancelled. The flash was erased and written"));
        Assert.That(chip.Running, Is.True, "RESET released after the cancel");
    }

    [TestCase(At89sLockMode.NoFurtherProgramming)]
    [TestCase(At89sLockMode.NoVerify)]
    [TestCase(At89sLockMode.NoExternalExecution)]
    public void LockBitsAreSetInTurnAfterTheVerify(At89sLockMode mode)
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var code = BundledFirmware();
        var (result, report) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest(code, null, mode));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString() + result.Message);
        Assert.That(chip.Lock, Is.EqualTo(mode));
        Assert.That(chip.Violations, Is.Empty);
        Assert.That(chip.Flash.AsSpan(0, code.Length).ToArray(), Is.EqualTo(code));
        Assert.That(result.Message, Does.Contain($"lock mode {(int)mode} set and read back"));
    }

    [Test]
    public void AChipLockedInModeThreeNeedsForceAndPart()
    {
        var chip = new FakeAt89s(At89sPart.At89s52) { Lock = At89sLockMode.NoVerify };
        var code = BundledFirmware();

        var (refused, _) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest(code, null, null));
        Assert.That(refused.ExitCode, Is.EqualTo(FlashExitCode.Failed));
        Assert.That(refused.Message, Does.Contain("signature FF FF FF").And.Contain("give --part and --force"));
        Assert.That(chip.Erases, Is.Zero);

        var (forced, report) = Flash(new FakeArduinoIsp(chip), new ArduinoIspRequest(code, At89sPart.At89s52, null, EraseUnreadable: true));
        Assert.That(forced.ExitCode, Is.EqualTo(FlashExitCode.Done), report.ToString() + forced.Message);
        Assert.That(chip.Lock, Is.EqualTo(At89sLockMode.Unlocked));
        Assert.That(chip.Flash.AsSpan(0, code.Length).ToArray(), Is.EqualTo(code));
        Assert.That(report.ToString(), Does.Contain("Chip: AT89S52 (signature 1E 52 06)"), "the signature is read again after the erase");
    }
}
