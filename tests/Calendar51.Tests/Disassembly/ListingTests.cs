using Calendar51.Emulator.Disassembly;
using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Disassembly;

public class ListingTests
{
    [Test]
    public void Lists_each_range_marks_gaps_and_shows_a_cut_instruction_as_data()
    {
        // 0003: LJMP 0100h; 0100: MOV A,#3Ah, SJMP $ ; 0200: the first two bytes of an LCALL.
        var image = IntelHex.Parse(
            ":03000300020100F7\n:04010000743A80FECF\n:0202000012FFEB\n:00000001FF\n", "t.hex");

        Assert.That(Listing.Lines(image), Is.EqualTo(new[]
        {
            "; 0000-0002 not in the file (3 bytes)",
            "0003  02 01 00  LJMP 0100h",
            "; 0006-00FF not in the file (250 bytes)",
            "0100  74 3A     MOV A,#3Ah",
            "0102  80 FE     SJMP 0102h",
            "; 0104-01FF not in the file (252 bytes)",
            "0200  12 FF     DB 12h,0FFh ; incomplete LCALL",
        }));
    }

    [Test]
    public void Formats_a_line_with_address_bytes_and_text()
    {
        Assert.That(Listing.FormatLine(0xABCD, new byte[] { 0xE4 }, "CLR A"), Is.EqualTo("ABCD  E4        CLR A"));
    }
}
