using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Hex;

/// <summary>What SDCC and its tools write must load, and load to the same bytes as SDCC's own makebin.</summary>
public class SdccOutputTests
{
    // A table placed at 0400h leaves a gap after the code, so ranges and erased bytes are exercised too.
    private const string Program = """
        __code __at(0x0400) const unsigned char table[] = { 0x12, 0x34, 0x56, 0xA5, 0xFF, 0x00 };
        unsigned char index;
        unsigned char sum;
        void main(void)
        {
            for (index = 0; index < sizeof table; index++)
                sum += table[index];
            while (1)
                ;
        }
        """;

    [Test]
    public void Sdcc_ihx_and_packihx_output_load_to_the_bytes_makebin_produces()
    {
        using var tools = new SdccToolchain();
        tools.Write("sum.c", Program);
        tools.Run("sdcc", "-mmcs51", "sum.c");
        var packed = tools.Run("packihx", "sum.ihx");
        tools.Write("sum.hex", packed);
        tools.Run("makebin", "-p", "sum.ihx", "sum.bin");

        var fromIhx = IntelHex.Load(tools.PathOf("sum.ihx"), 8192);
        var fromPacked = IntelHex.Load(tools.PathOf("sum.hex"), 8192);
        var binary = File.ReadAllBytes(tools.PathOf("sum.bin"));

        Assert.Multiple(() =>
        {
            Assert.That(fromIhx.HighestAddress, Is.EqualTo(0x0405), "the table's last byte is the highest");
            Assert.That(fromIhx.Data.AsSpan(0, binary.Length).ToArray(), Is.EqualTo(binary), "same bytes as makebin");
            Assert.That(fromPacked.Data, Is.EqualTo(fromIhx.Data), "packihx output loads to the same image");
            Assert.That(fromPacked.Ranges, Is.EqualTo(fromIhx.Ranges));
            Assert.That(fromIhx.Ranges[^1], Is.EqualTo(new HexRange(0x0400, 6)));
            Assert.That(fromIhx.Ranges.Count, Is.GreaterThanOrEqualTo(2), "a gap separates code from the table");
            Assert.That(fromIhx.IsWritten(0x03FF), Is.False);
        });
    }
}
