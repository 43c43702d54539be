using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Hex;

public class IntelHexTests
{
    private const string Eof = ":00000001FF";
    private const string LjmpTo0006 = ":03000000020006F5"; // first record of SDCC's startup code

    private static HexImage Parse(string text, int codeSize = HexImage.AddressSpaceSize) =>
        IntelHex.Parse(text, "fw.hex", codeSize);

    [TestCase("020006F5\n" + Eof, "fw.hex:1: line does not start with ':'")]
    [TestCase(" " + LjmpTo0006 + "\n" + Eof, "fw.hex:1: line does not start with ':'")]
    [TestCase(":03000000020006G5\n" + Eof, "fw.hex:1: 'G' at column 16 is not a hex digit")]
    [TestCase(":0300000002 0006F5\n" + Eof, "fw.hex:1: ' ' at column 12 is not a hex digit")]
    [TestCase(":03000000020006F\n" + Eof, "fw.hex:1: odd number of hex digits (15) after ':'")]
    [TestCase("\n:00000001\n", "fw.hex:2: record is 4 bytes long, shorter than the minimum of 5")]
    [TestCase(":\n" + Eof, "fw.hex:1: record is 0 bytes long, shorter than the minimum of 5")]
    [TestCase(":04000000020006F4\n" + Eof, "fw.hex:1: byte count is 0x04 (4) but the record holds 3 data bytes")]
    [TestCase(":02000000020006F7\n" + Eof, "fw.hex:1: byte count is 0x02 (2) but the record holds 3 data bytes")]
    [TestCase(LjmpTo0006 + "\n:03000000020006F4\n" + Eof, "fw.hex:2: checksum is 0xF4, expected 0xF5")]
    [TestCase(":00000006FA\n" + Eof, "fw.hex:1: unknown record type 0x06 (Intel HEX defines 00-05)")]
    [TestCase(":0100000100FE\n", "fw.hex:1: record type 0x01 must hold 0 data bytes, not 1")]
    [TestCase(":00001001EF\n", "fw.hex:1: record type 0x01 must have address field 0000, not 0010")]
    [TestCase(":0100000200FD\n" + Eof, "fw.hex:1: record type 0x02 must hold 2 data bytes, not 1")]
    [TestCase(":03000004000100F8\n" + Eof, "fw.hex:1: record type 0x04 must hold 2 data bytes, not 3")]
    [TestCase(":020001040000F9\n" + Eof, "fw.hex:1: record type 0x04 must have address field 0000, not 0001")]
    [TestCase(":0200000500FFFA\n" + Eof, "fw.hex:1: record type 0x05 must hold 4 data bytes, not 2")]
    [TestCase(LjmpTo0006 + "\n", "fw.hex:1: missing end-of-file record (:00000001FF)")]
    [TestCase(LjmpTo0006 + "\n\n\n", "fw.hex:1: missing end-of-file record (:00000001FF)")]
    [TestCase("", "fw.hex:1: missing end-of-file record (:00000001FF)")]
    [TestCase(Eof + "\n" + LjmpTo0006 + "\n", "fw.hex:2: text after the end-of-file record on line 1")]
    [TestCase(Eof + "\n\n" + Eof + "\n", "fw.hex:3: text after the end-of-file record on line 1")]
    [TestCase(":02FFFF00AABB9B\n" + Eof, "fw.hex:1: data at 0x10000 lies beyond the code size of 65536 bytes (0x0000-0xFFFF)")]
    [TestCase(":020000040001F9\n:0100000012ED\n" + Eof, "fw.hex:2: data at 0x10000 lies beyond the code size of 65536 bytes (0x0000-0xFFFF)")]
    [TestCase(":020000021000EC\n:0100000012ED\n" + Eof, "fw.hex:2: data at 0x10000 lies beyond the code size of 65536 bytes (0x0000-0xFFFF)")]
    [TestCase(LjmpTo0006 + "\n:0100010012EC\n" + Eof, "fw.hex:2: byte at 0x0001 is 0x12 here but line 1 already set it to 0x00")]
    [TestCase(":0400000500001234B1\n:0400000500001235B0\n" + Eof, "fw.hex:2: start address 0x1235 contradicts 0x1234 from line 1")]
    public void Rejects_with_file_line_and_problem(string text, string expectedMessage)
    {
        var error = Assert.Throws<HexFormatException>(() => Parse(text));
        Assert.That(error!.Message, Is.EqualTo(expectedMessage));
    }

    [Test]
    public void Exception_exposes_its_parts()
    {
        var error = Assert.Throws<HexFormatException>(() => Parse(LjmpTo0006 + "\n:03000000020006F4\n" + Eof));
        Assert.Multiple(() =>
        {
            Assert.That(error!.FileName, Is.EqualTo("fw.hex"));
            Assert.That(error.LineNumber, Is.EqualTo(2));
            Assert.That(error.Problem, Is.EqualTo("checksum is 0xF4, expected 0xF5"));
        });
    }

    [Test]
    public void Data_beyond_the_part_code_size_names_address_and_size()
    {
        const string lastTwoBytesOf8K = ":021FFE00AABB7C\n" + Eof;
        const string straddlingTheEndOf8K = ":021FFF00AABB7B\n" + Eof;

        Assert.That(Parse(lastTwoBytesOf8K, 8192).HighestAddress, Is.EqualTo(0x1FFF));
        var error = Assert.Throws<HexFormatException>(() => Parse(straddlingTheEndOf8K, 8192));
        Assert.That(error!.Message, Is.EqualTo("fw.hex:1: data at 0x2000 lies beyond the code size of 8192 bytes (0x0000-0x1FFF)"));
    }

    [Test]
    public void Loads_bytes_ranges_and_leaves_the_rest_erased()
    {
        var image = Parse(LjmpTo0006 + "\n:020010001234A8\n" + Eof + "\n");

        Assert.Multiple(() =>
        {
            Assert.That(image.Data.AsSpan(0, 3).ToArray(), Is.EqualTo(new byte[] { 0x02, 0x00, 0x06 }));
            Assert.That(image.Data[0x10], Is.EqualTo(0x12));
            Assert.That(image.Data[0x11], Is.EqualTo(0x34));
            Assert.That(image.Data[0x03], Is.EqualTo(0xFF));
            Assert.That(image.Data, Has.Length.EqualTo(65536));
            Assert.That(image.Ranges, Is.EqualTo(new[] { new HexRange(0x0000, 3), new HexRange(0x0010, 2) }));
            Assert.That(image.HighestAddress, Is.EqualTo(0x11));
            Assert.That(image.WrittenByteCount, Is.EqualTo(5));
            Assert.That(image.IsWritten(0x02), Is.True);
            Assert.That(image.IsWritten(0x03), Is.False);
            Assert.That(image.IsWritten(-1), Is.False);
            Assert.That(image.IsWritten(0x10000), Is.False);
            Assert.That(image.StartAddress, Is.Null);
        });
    }

    [Test]
    public void Empty_image_has_no_ranges()
    {
        var image = Parse(Eof);
        Assert.Multiple(() =>
        {
            Assert.That(image.Ranges, Is.Empty);
            Assert.That(image.HighestAddress, Is.EqualTo(-1));
        });
    }

    [Test]
    public void Accepts_crlf_trailing_whitespace_blank_lines_and_lower_case()
    {
        var image = Parse("\r\n:03000000020006f5 \t\r\n\r\n:0100100012DD\r\n" + Eof + "\r\n\r\n  \r\n");
        Assert.That(image.Ranges, Is.EqualTo(new[] { new HexRange(0, 3), new HexRange(0x10, 1) }));
    }

    [Test]
    public void Overlapping_records_with_the_same_data_are_fine()
    {
        var image = Parse(LjmpTo0006 + "\n:0100010000FE\n" + Eof);
        Assert.That(image.Ranges, Is.EqualTo(new[] { new HexRange(0, 3) }));
    }

    [Test]
    public void Extended_segment_and_linear_addresses_move_the_base()
    {
        var segment = Parse(":020000020100FB\n:0100000012ED\n" + Eof);
        var linearZero = Parse(":020000040000FA\n:0100000012ED\n" + Eof);

        Assert.Multiple(() =>
        {
            Assert.That(segment.Ranges, Is.EqualTo(new[] { new HexRange(0x1000, 1) }));
            Assert.That(segment.Data[0x1000], Is.EqualTo(0x12));
            Assert.That(linearZero.Ranges, Is.EqualTo(new[] { new HexRange(0, 1) }));
        });
    }

    [Test]
    public void Start_address_records_give_the_entry_point()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse(":0400000500001234B1\n" + Eof).StartAddress, Is.EqualTo(0x1234));
            Assert.That(Parse(":0400000301000020D8\n" + Eof).StartAddress, Is.EqualTo(0x1020));
            Assert.That(Parse(":0400000500001234B1\n:0400000500001234B1\n" + Eof).StartAddress, Is.EqualTo(0x1234));
        });
    }

    [Test]
    public void Load_names_the_path_in_errors()
    {
        using var tools = new SdccToolchain();
        var path = tools.Write("broken.hex", LjmpTo0006 + "\n:03000000020006F4\n" + Eof + "\n");

        var error = Assert.Throws<HexFormatException>(() => IntelHex.Load(path, 8192));
        Assert.That(error!.Message, Is.EqualTo($"{path}:2: checksum is 0xF4, expected 0xF5"));
    }

    [TestCase(0)]
    [TestCase(65537)]
    public void Code_size_must_fit_the_64K_space(int codeSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parse(Eof, codeSize));
    }
}
