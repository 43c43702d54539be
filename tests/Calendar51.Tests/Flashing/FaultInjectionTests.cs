using System.Diagnostics;
using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>
/// Broken chips and ports: every fault must end in the documented exit code, with a message saying what
/// the flash holds, within bounded virtual and real time, and never as an unhandled exception.
/// </summary>
public class FaultInjectionTests
{
    private static readonly TimeSpan RealTimeBound = TimeSpan.FromSeconds(5);

    private static (FlashResult Result, RecordingReporter Report, FakeStc89Bootloader Chip) RunBounded(
        FakeStc89Bootloader chip, byte[] code, CancellationToken cancellation = default)
    {
        var watch = Stopwatch.StartNew();
        var (result, report) = FlashHarness.Run(chip, code, cancellation: cancellation);
        Assert.That(watch.Elapsed, Is.LessThan(RealTimeBound), "real time");
        // Worst case: 30 s waiting for the chip, 15 s for an erase reply, the baud tests, one second per reply.
        Assert.That(chip.Now, Is.LessThan(TimeSpan.FromSeconds(70)), "virtual time");
        return (result, report, chip);
    }

    private static Func<byte[], byte[]> FlipBit(int index, int bit) => frame =>
    {
        var copy = (byte[])frame.Clone();
        copy[index] ^= (byte)(1 << bit);
        return copy;
    };

    private static Func<byte[], byte[]> Truncate(int keep) => frame => frame[..keep];

    // Reply numbers of a classic session at one feasible rate: 0 status, 1 8F, 2 8E, 3-6 pings, 7 erase, 8.. blocks.
    private const int EraseReply = 7;
    private const int FirstBlockReply = 8;

    [TestCase(0, "the sync pulses", TestName = "Truncated status")]
    [TestCase(FirstBlockReply + 1, "the block at 0080", TestName = "Truncated block ack")]
    public void TruncatedReplyFails(int reply, string awaited)
    {
        var chip = FlashHarness.ClassicChip();
        chip.ReplyMutations[reply] = Truncate(6);
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(1000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain(awaited).And.Contain("truncated"));
    }

    [Test]
    public void BitFlipInStatusFails()
    {
        var chip = FlashHarness.ClassicChip();
        chip.ReplyMutations[0] = FlipBit(10, 3);
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(100));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("checksum mismatch").And.Contain("Nothing was written"));
    }

    [Test]
    public void WrongChecksumOnABlockAckFailsAndSaysHowFarItGot()
    {
        var chip = FlashHarness.ClassicChip();
        chip.ReplyMutations[FirstBlockReply + 2] = frame =>
        {
            var copy = (byte[])frame.Clone();
            copy[^2]++;
            return copy;
        };
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(1000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("frame checksum mismatch").And.Contain("up to 0100"));
        Assert.That(result.Message, Does.Contain("Power-cycle the board"));
    }

    [Test]
    public void ChipReportingAWrongBlockSumIsAVerificationFailure()
    {
        var chip = FlashHarness.ClassicChip();
        chip.ReplyMutations[FirstBlockReply] = frame =>
            StcFrame.Encode(StcFrame.McuToHost, [0x80, (byte)(frame[6] + 1)], ChecksumWidth.Sum8);
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(1000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("verification checksum mismatch at 0000"));
        Assert.That(result.Message, Does.Contain("erased; nothing new was written"));
    }

    [Test]
    public void DroppedEraseReplyFailsWithinTheEraseTimeout()
    {
        var chip = FlashHarness.ClassicChip();
        chip.ReplyMutations[EraseReply] = _ => [];
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(1000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("no reply to the erase command (84) within 15 s").And.Contain("may be blank"));
    }

    [Test]
    public void ChipFallingSilentMidWriteFails()
    {
        var chip = FlashHarness.ClassicChip();
        chip.SilentFromReply = FirstBlockReply + 3;
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(2000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("no reply to the block at 0180").And.Contain("up to 0180"));
    }

    [Test]
    public void ChipThatNeverAnswersFailsAfterTheWait()
    {
        var chip = FlashHarness.ClassicChip();
        chip.PowerOnAt = null;
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(100));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("no answer from the chip within 30 s").And.Contain("Nothing was written"));
        Assert.That(chip.Now, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void ChatteringLineEndsInABoundedProtocolError()
    {
        var chip = FlashHarness.ClassicChip();
        chip.PowerOnAt = null;
        chip.Chatter = true;
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(100));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.StartWith("Protocol error"));
    }

    [Test]
    public void PortVanishingMidWriteIsASerialError()
    {
        var chip = FlashHarness.ClassicChip();
        chip.VanishAfterHostBytes = 1200;
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(2000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.StartWith("Serial port error").And.Contain("No such device").And.Contain("written from 0000 up to"));
    }

    [Test]
    public void CancelMidWriteExitsTwoAndSaysWhatWasWritten()
    {
        var chip = FlashHarness.ClassicChip();
        using var cancel = new CancellationTokenSource();
        chip.CancelSource = cancel;
        chip.CancelAt = TimeSpan.FromSeconds(2.3);
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(8000), cancel.Token);
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Cancelled), report.ToString());
        Assert.That(result.Message, Does.StartWith("Cancelled."));
    }

    [Test]
    public void Bsl7DroppedBaudReplyFails()
    {
        var chip = FlashHarness.Bsl7Chip();
        chip.ReplyMutations[1] = _ => [];
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(100));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("no reply to the baud switch (01)"));
    }

    [Test]
    public void Bsl7BitFlipInABlockAckFails()
    {
        var chip = FlashHarness.Bsl7Chip();
        chip.ReplyMutations[5] = FlipBit(6, 0);
        var (result, report, _) = RunBounded(chip, FlashHarness.SampleCode(1000));
        Assert.That(result.ExitCode, Is.EqualTo(FlashExitCode.Failed), report.ToString());
        Assert.That(result.Message, Does.Contain("checksum mismatch").And.Contain("up to 0080"));
    }

    /// <summary>Random bit flips (p = 0.005 per bit, as stcgal's fuzzer): either a verified success or a clean failure.</summary>
    [Test]
    public void RandomBitFlipsNeverCorruptSilently([Range(1, 40)] int seed, [Values] Stc89Protocol protocol)
    {
        var chip = protocol == Stc89Protocol.Classic ? FlashHarness.ClassicChip(seed) : FlashHarness.Bsl7Chip(seed);
        chip.BitFlipProbability = 0.005;
        var code = FlashHarness.SampleCode(1500, seed);
        var (result, report, _) = RunBounded(chip, code);
        Assert.That(result.ExitCode, Is.AnyOf(FlashExitCode.Done, FlashExitCode.Failed), report.ToString());
        if (result.ExitCode == FlashExitCode.Done)
        {
            Assert.That(chip.Flash.Take(code.Length), Is.EqualTo(code));
        }
        else
        {
            Assert.That(result.Message, Does.Contain("written").Or.Contain("erase"));
        }
    }
}
