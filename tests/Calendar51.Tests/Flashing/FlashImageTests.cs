using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

public class FlashImageTests
{
    [Test]
    public void NineBytesPadWithFfToOneErasePage()
    {
        var image = FlashImage.FromCode("123456789"u8);
        Assert.Multiple(() =>
        {
            Assert.That(image.Bytes, Has.Length.EqualTo(512));
            Assert.That(image.Bytes.Skip(9), Is.All.EqualTo((byte)0xFF));
            Assert.That(image.EraseUnits, Is.EqualTo(2));
            Assert.That(image.BlockCount, Is.EqualTo(4));
            Assert.That(StcChecksum.Sum8(image.Block(0)), Is.EqualTo(0x66));
        });
    }

    [Test]
    public void ImageLargerThanTheChipIsRefused()
    {
        var image = FlashImage.FromCode(new byte[8193]);
        Assert.That(() => image.CheckFits(StcModelTable.FindStc89(0xF002)!),
            Throws.TypeOf<FlashInputException>().With.Message.Contains("8193 bytes").And.Message.Contains("8192"));
    }

    [Test]
    public void HexRecordsLandAtTheirAddresses()
    {
        var code = IntelHexFile.Parse([":0300000002000BF0", ":02000B00E4FF10", ":00000001FF"], "t.hex");
        Assert.That(FrameHex.Format(code), Is.EqualTo("02 00 0B FF FF FF FF FF FF FF FF E4 FF"));
    }

    [Test]
    public void ExtendedLinearAddressesBeyond64KAreRefused() =>
        Assert.That(() => IntelHexFile.Parse([":020000040001F9", ":0100000000FF", ":00000001FF"], "big.hex"),
            Throws.TypeOf<FlashInputException>().With.Message.Contains("big.hex:2"));

    [TestCase(":0300000002000BF1", "t.hex:1: checksum byte F1 is wrong (expected F0)")]
    [TestCase("0300000002000BF0", "t.hex:1: record does not start with ':'")]
    [TestCase(":0300000002000", "t.hex:1: not a hex record")]
    [TestCase(":0400000002000BEF", "t.hex:1: record length 3 does not match its count byte 4")]
    public void BrokenRecordsNameFileAndLine(string line, string message) =>
        Assert.That(() => IntelHexFile.Parse([line, ":00000001FF"], "t.hex"),
            Throws.TypeOf<FlashInputException>().With.Message.StartsWith(message));

    [Test]
    public void MissingEndRecordIsReported() =>
        Assert.That(() => IntelHexFile.Parse([":0300000002000BF0"], "t.hex"),
            Throws.TypeOf<FlashInputException>().With.Message.Contains("no end-of-file record"));
}
