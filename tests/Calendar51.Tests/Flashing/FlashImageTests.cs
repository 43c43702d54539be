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
    public void TheFlashedImageRunsFromAddress0ToTheLastWrittenByte()
    {
        string path = Path.Combine(Path.GetTempPath(), $"calendar51-flash-{Guid.NewGuid():N}.hex");
        File.WriteAllLines(path, [":0300000002000BF0", ":02000B00E4FF10", ":00000001FF"]);
        try
        {
            Assert.That(FrameHex.Format(Calendar51.Host.Commands.FlashCommand.LoadCode(path)), Is.EqualTo("02 00 0B FF FF FF FF FF FF FF FF E4 FF"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AMalformedHexFileIsBadInputNamingFileAndLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"calendar51-flash-{Guid.NewGuid():N}.hex");
        File.WriteAllLines(path, [":0300000002000BF1", ":00000001FF"]);
        try
        {
            Assert.That(() => Calendar51.Host.Commands.FlashCommand.LoadCode(path),
                Throws.TypeOf<FlashInputException>().With.Message.Contains(Path.GetFileName(path) + ":1:"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
