using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>Status packets from the real captures, written in as byte vectors so this suite needs no files.</summary>
public class StcStatusTests
{
    /// <summary>BSL 4.3C status from stc89c52rc.txt (separate capture, 2400 baud).</summary>
    public static readonly byte[] ClassicStatus = FrameHex.Parse(
        "68 00 3B 00 25 E6 25 E6 25 E6 25 E6 25 E6 25 E6 25 E2 25 E6 43 43 FC F0 02 82" +
        string.Concat(Enumerable.Repeat(" 00", 31)) + " ED 16");

    /// <summary>BSL 7.2.5C status from stc89a-c52rc.txt (2400 baud).</summary>
    public static readonly byte[] Bsl7Status = FrameHex.Parse(
        "46 b9 68 00 29 50 fd 84 1e 11 4d 05 8e 96 27 7c 04 47 01 7f 40 81 72 43 00 f0 51 05 80 00 ff ff ff ff 38 20 20 02 19 60 0d a0 16");

    [Test]
    public void ClassicStatusGivesModelVersionClockAnd6T()
    {
        var status = StcStatus.Parse(ClassicStatus, 2400);
        Assert.Multiple(() =>
        {
            Assert.That(status.IsBsl7Style, Is.False);
            Assert.That(status.Magic, Is.EqualTo(0xF002));
            Assert.That(status.BootloaderVersion, Is.EqualTo("4.3C"));
            Assert.That(status.OptionByte, Is.EqualTo(0xFC));
            Assert.That(status.Is6T, Is.True);
            Assert.That(status.ClockHz, Is.EqualTo(19_957_000).Within(1_000));
            Assert.That(StcChipIdentity.Identify(status), Is.EqualTo(new StcChipIdentity(StcModelTable.FindStc89(0xF002)!, Stc89Protocol.Classic)));
        });
    }

    [Test]
    public void Bsl7StatusGivesModelVersionClockAnd12T()
    {
        var status = StcStatus.Parse(Bsl7Status, 2400);
        Assert.Multiple(() =>
        {
            Assert.That(status.IsBsl7Style, Is.True);
            Assert.That(status.Magic, Is.EqualTo(0xF051));
            Assert.That(status.BootloaderVersion, Is.EqualTo("7.2.5C"));
            Assert.That(status.OptionByte, Is.EqualTo(0xFD));
            Assert.That(status.Is6T, Is.False);
            Assert.That(status.ClockHz, Is.EqualTo(12.0 * 383 * 2400));
            Assert.That(StcChipIdentity.Identify(status).Protocol, Is.EqualTo(Stc89Protocol.Bsl7));
            Assert.That(StcChipIdentity.Identify(status).Model.Name, Is.EqualTo("STC89C52"));
        });
    }

    [Test]
    public void ProtocolFollowsThePacketNotTheModel()
    {
        // The same F002 magic in a BSL-7-shaped packet (50, sum16) must select the BSL 7 protocol.
        var payload = StcFrame.Decode(Bsl7Status, StcFrame.McuToHost, ChecksumWidth.Sum16);
        payload[20] = 0xF0;
        payload[21] = 0x02;
        var status = StcStatus.Parse(StcFrame.Encode(StcFrame.McuToHost, payload, ChecksumWidth.Sum16), 2400);
        Assert.That(StcChipIdentity.Identify(status).Protocol, Is.EqualTo(Stc89Protocol.Bsl7));
    }

    [Test]
    public void ShortStatusIsAProtocolError()
    {
        var frame = StcFrame.Encode(StcFrame.McuToHost, new byte[20], ChecksumWidth.Sum8);
        Assert.That(() => StcStatus.Parse(frame, 2400), Throws.TypeOf<StcProtocolException>().With.Message.Contains("too short"));
    }

    [Test]
    public void CorruptStatusIsAProtocolError()
    {
        var frame = (byte[])ClassicStatus.Clone();
        frame[10] ^= 0x04;
        Assert.That(() => StcStatus.Parse(frame, 2400), Throws.TypeOf<StcProtocolException>().With.Message.Contains("checksum"));
    }

    [TestCase("tests/stc12c2052ad.yml", false, "STC12Cx052", "stc12a")]
    [TestCase("tests/stc12c5a60s2.yml", true, "STC10/11/12", "stc12")]
    [TestCase("tests/stc15w4k56s4.yml", true, "STC15", "stc15")]
    [TestCase("tests/stc8a8k64s4a12.yml", true, "STC8", "stc8")]
    [TestCase("tests/stc8f2k08s2-untrimmed.yml", true, "STC8", "stc8")]
    public void OtherFamiliesAreNamedAndRefused(string fixture, bool sum16, string family, string protocol)
    {
        var list = SharedFixtures.LoadPayloadList(fixture);
        var frame = StcFrame.Encode(StcFrame.McuToHost, list.Responses[0], sum16 ? ChecksumWidth.Sum16 : ChecksumWidth.Sum8);
        var status = StcStatus.Parse(frame, 9600);
        Assert.That(status.IsBsl7Style, Is.EqualTo(sum16));
        var e = Assert.Throws<StcUnsupportedChipException>(() => StcChipIdentity.Identify(status));
        Assert.That(e!.Message, Does.Contain(family).And.Contain($"'{protocol}'"));
    }

    [Test]
    public void UnknownStc89MagicIsRefusedBecauseItsFlashSizeIsUnknown()
    {
        var payload = StcFrame.Decode(ClassicStatus, StcFrame.McuToHost, ChecksumWidth.Sum8);
        payload[21] = 0x99;
        var status = StcStatus.Parse(StcFrame.Encode(StcFrame.McuToHost, payload, ChecksumWidth.Sum8), 2400);
        Assert.That(() => StcChipIdentity.Identify(status), Throws.TypeOf<StcUnsupportedChipException>().With.Message.Contains("F099"));
    }
}
