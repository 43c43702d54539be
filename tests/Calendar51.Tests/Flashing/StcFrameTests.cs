using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>Frame encoding and decoding against frames copied from the real STC-ISP captures.</summary>
public class StcFrameTests
{
    [TestCase("46 B9 6A 00 0C 8F FD F8 02 10 28 81 B5 16", "8F FD F8 02 10 28 81")]
    [TestCase("46 B9 6A 00 06 82 F2 16", "82")]
    [TestCase("46 B9 6A 00 0C 80 00 00 36 01 F0 02 1F 16", "80 00 00 36 01 F0 02")]
    public void Sum8HostFramesFromTheCaptureEncodeExactly(string frame, string payload) =>
        Assert.That(FrameHex.Format(StcFrame.Encode(StcFrame.HostToMcu, FrameHex.Parse(payload), ChecksumWidth.Sum8)), Is.EqualTo(frame));

    [TestCase("46 B9 6A 00 0A 01 FF FD 82 02 F3 16", "01 FF FD 82")]
    [TestCase("46 B9 6A 00 0B 05 00 00 46 B9 01 79 16", "05 00 00 46 B9")]
    [TestCase("46 B9 6A 00 07 FF 01 70 16", "FF")]
    public void Sum16HostFramesFromTheBsl7CaptureEncodeExactly(string frame, string payload) =>
        Assert.That(FrameHex.Format(StcFrame.Encode(StcFrame.HostToMcu, FrameHex.Parse(payload), ChecksumWidth.Sum16)), Is.EqualTo(frame));

    [Test]
    public void Sum8AndSum16AreTruncatedByteSums()
    {
        byte[] bytes = [0x6A, 0x00, 0x0A, 0x01, 0xFF, 0xFD, 0x82];
        Assert.Multiple(() =>
        {
            Assert.That(StcChecksum.Sum16(bytes), Is.EqualTo(0x02F3));
            Assert.That(StcChecksum.Sum8(bytes), Is.EqualTo(0xF3));
            Assert.That(StcChecksum.Sum16(Enumerable.Repeat((byte)0xFF, 300).ToArray()), Is.EqualTo((300 * 255) & 0xFFFF));
        });
    }

    [Test]
    public void StatusFrameWithoutFrameStartDecodes()
    {
        var frame = FrameHex.Parse("68 00 3B 00 25 E6 25 E6 25 E6 25 E6 25 E6 25 E6 25 E2 25 E6 43 43 FC F0 02 82" +
                              string.Concat(Enumerable.Repeat(" 00", 31)) + " ED 16");
        var payload = StcFrame.Decode(frame, StcFrame.McuToHost, ChecksumWidth.Sum8);
        Assert.That(payload, Has.Length.EqualTo(54));
        Assert.That(payload[0], Is.EqualTo(0x00));
    }

    [Test]
    public void McuFramesDecodeToTheirPayloads()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StcFrame.Decode(FrameHex.Parse("46 B9 68 00 07 80 03 F2 16"), StcFrame.McuToHost, ChecksumWidth.Sum8), Is.EqualTo(new byte[] { 0x80, 0x03 }));
            Assert.That(StcFrame.Decode(FrameHex.Parse("46 b9 68 00 08 02 54 00 c6 16"), StcFrame.McuToHost, ChecksumWidth.Sum16), Is.EqualTo(new byte[] { 0x02, 0x54 }));
        });
    }

    [TestCase("46 B9 68 00 07 80 03 F3 16", "checksum mismatch: received F3, computed F2")]
    [TestCase("46 B9 68 00 07 80 03 F2 17", "end byte is 17")]
    [TestCase("46 B9 6A 00 07 80 03 F4 16", "direction byte is 6A")]
    [TestCase("46 B9 68 00 08 80 03 F2 16", "length field says 8")]
    [TestCase("46 B9 68 00", "too short")]
    public void BrokenFramesAreRejectedWithTheReason(string frame, string reason)
    {
        var e = Assert.Throws<StcProtocolException>(() => StcFrame.Decode(FrameHex.Parse(frame), StcFrame.McuToHost, ChecksumWidth.Sum8));
        Assert.That(e!.Message, Does.Contain(reason));
    }

    [Test]
    public void EncodedFramesRoundTripForEveryPayloadLengthAndWidth()
    {
        var random = new Random(7);
        foreach (var width in new[] { ChecksumWidth.Sum8, ChecksumWidth.Sum16 })
        {
            for (var length = 1; length < 140; length++)
            {
                var payload = new byte[length];
                random.NextBytes(payload);
                var frame = StcFrame.Encode(StcFrame.McuToHost, payload, width);
                Assert.That(frame.Length, Is.EqualTo(2 + ((frame[3] << 8) | frame[4])));
                Assert.That(StcFrame.Decode(frame, StcFrame.McuToHost, width), Is.EqualTo(payload));
            }
        }
    }
}
