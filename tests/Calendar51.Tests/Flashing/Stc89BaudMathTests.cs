using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

public class Stc89BaudMathTests
{
    [Test]
    public void CaptureReloadBytesFor19957KHz6TAt2400()
    {
        var clock = StcStatus.Parse(StcStatusTests.ClassicStatus, 2400).ClockHz;
        var reload = Stc89BaudMath.Reload(clock, 2400, Stc89BaudMath.SampleDivisor(Stc89Protocol.Classic, is6T: true));
        Assert.Multiple(() =>
        {
            Assert.That(reload, Is.EqualTo(0xFDF8));
            Assert.That(FrameHex.Format(Stc89BaudMath.ClassicReloadBytes(reload!.Value)), Is.EqualTo("FD F8 02 10"));
            Assert.That(Stc89BaudMath.ClassicIapWait(clock), Is.EqualTo(0x81));
        });
    }

    [Test]
    public void Bsl7CaptureReloadAndWaitStatesAt115200()
    {
        var clock = 12.0 * 383 * 2400;
        Assert.Multiple(() =>
        {
            Assert.That(Stc89BaudMath.Reload(clock, 115200, Stc89BaudMath.SampleDivisor(Stc89Protocol.Bsl7, is6T: false)), Is.EqualTo(0xFFFD));
            Assert.That(Stc89BaudMath.Bsl7IapWait(clock), Is.EqualTo(0x82));
        });
    }

    [TestCase(0x00, "FF 00 00 00")]
    [TestCase(0x01, "FF 01 00 FE")]
    [TestCase(0x80, "FF 80 00 00")]
    [TestCase(0xFF, "FF FF 00 02")]
    public void ReloadChecksumIsMinusTwiceTheLowByte(int low, string bytes) =>
        Assert.That(FrameHex.Format(Stc89BaudMath.ClassicReloadBytes((ushort)(0xFF00 | low))), Is.EqualTo(bytes));

    [Test]
    public void ElevenMegahertzDividesIntoEveryStandardRate() =>
        Assert.That(Stc89BaudMath.FeasibleRates(11_059_200, 32, 115200), Is.EqualTo(new[] { 115200, 57600, 38400, 19200, 9600, 4800, 2400, 1200 }));

    [Test]
    public void TwelveMegahertz12TSkipsRatesWithLargeDivisorError()
    {
        Assert.That(Stc89BaudMath.Error(12_000_000, 115200, 32), Is.GreaterThan(0.08));
        var rates = Stc89BaudMath.FeasibleRates(12_000_000, 32, 115200);
        Assert.That(rates, Does.Not.Contain(115200).And.Not.Contain(57600).And.Not.Contain(38400));
        Assert.That(rates, Is.All.Matches<int>(r => Stc89BaudMath.Error(12_000_000, r, 32) <= 0.02));
        Assert.That(rates[0], Is.EqualTo(9600), "12e6 / (32 × 39) = 9615 baud, 0.16 % off; 19200 would be 2.3 % off");
    }

    [Test]
    public void CapLimitsTheChoice() =>
        Assert.That(Stc89BaudMath.FeasibleRates(11_059_200, 32, 19200)[0], Is.EqualTo(19200));

    [TestCase(4_000_000, 0x83)]
    [TestCase(8_000_000, 0x82)]
    [TestCase(12_000_000, 0x81)]
    [TestCase(24_000_000, 0x80)]
    public void ClassicWaitStatesFollowTheClock(double clock, int iap) =>
        Assert.That(Stc89BaudMath.ClassicIapWait(clock), Is.EqualTo(iap));

    [Test]
    public void WireTimeCountsStartStopAndParityBits()
    {
        Assert.That(Stc89BaudMath.WireTime(240, 2400, parity: false), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(Stc89BaudMath.WireTime(240, 2400, parity: true), Is.EqualTo(TimeSpan.FromSeconds(1.1)));
    }
}
