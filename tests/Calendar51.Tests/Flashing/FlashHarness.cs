using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>Runs one flashing session against a fake chip and keeps what was reported.</summary>
public static class FlashHarness
{
    public static (FlashResult Result, RecordingReporter Report) Run(
        FakeStc89Bootloader chip, byte[] code, int handshakeBaud = 2400, int maxBaud = 115200,
        PowerCycleLine? powerCycle = null, IReadOnlyDictionary<string, bool>? options = null,
        CancellationToken cancellation = default, double waitSeconds = 30)
    {
        var report = new RecordingReporter();
        var request = new FlashRequest(FlashImage.FromCode(code), handshakeBaud, maxBaud,
            TimeSpan.FromSeconds(waitSeconds), powerCycle, options ?? new Dictionary<string, bool>());
        var result = new StcFlasher(chip, chip, report).Run(request, cancellation);
        return (result, report);
    }

    public static byte[] SampleCode(int length, int seed = 3)
    {
        var code = new byte[length];
        new Random(seed).NextBytes(code);
        return code;
    }

    public static FakeStc89Bootloader ClassicChip(int seed = 1) =>
        FakeStc89Bootloader.FromStatus(StcStatusTests.ClassicStatus, 2400, 8192, seed);

    public static FakeStc89Bootloader Bsl7Chip(int seed = 1) =>
        FakeStc89Bootloader.FromStatus(StcStatusTests.Bsl7Status, 2400, 8192, seed);
}
