using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips.Lcd;
using static Calendar51.Tests.Board.BoardPrograms;

namespace Calendar51.Tests.Board;

/// <summary>SDCC-compiled programs on the shipped boards: what the wiring and the electrics make them see.</summary>
public class BoardBehaviourTests
{
    private static string[] LcdLines(VirtualBoard board) => LcdTextRenderer.RenderLines(board.Lcd!.Panel(board.Cpu.Cycles)).ToArray();

    private static ushort Counter(VirtualBoard board, int address) =>
        (ushort)(board.Cpu.InternalRam[address] | board.Cpu.InternalRam[address + 1] << 8);

    [Test]
    public void Kit_lcd_code_writing_through_p0_works_on_prechin_a2()
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile("kit_lcd.c"));
        board.Rtc!.SetDateTime(new DateTime(2024, 5, 17, 21, 7, 42), 0);
        board.RunFor(TimeSpan.FromMilliseconds(100));
        var lines = LcdLines(board);
        Assert.That(lines[0].TrimEnd(), Is.EqualTo("HELLO, 51!"));
        Assert.That(lines[1].TrimEnd(), Is.EqualTo("21:07:42"));
        Assert.That(board.Diagnostics.Snapshot(), Is.Empty);
    }

    [Test]
    public void Without_the_p0_pull_up_network_the_lcd_stays_blank()
    {
        // Take the resistor network away and say what a released open-drain line then reads (no
        // pull-up, no driver: low). The LCD never sees a 1 on its data bus: no function set, no text.
        var board = Start(ModifiedBoard("prechin-a2", "pullup P0.0-P0.7 10k", "floating low"), Compile("kit_lcd.c"));
        Assert.That(board.Description.PullUps.Where(p => p.Pin.Port == 0), Is.Empty);
        board.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.That(LcdLines(board).Select(l => l.Trim()), Is.All.Empty);
        Assert.That(board.Cpu.PinLevels(0), Is.EqualTo(0x00), "P0 latch 1 with nothing pulling up reads 0");

        var withPullUps = Start(ShippedBoard("prechin-a2"), Compile("kit_lcd.c"));
        withPullUps.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.That(LcdLines(withPullUps)[0].TrimEnd(), Is.EqualTo("HELLO, 51!"), "the same program with the pull-ups");
    }

    [Test]
    public void K1_on_txd_corrupts_what_the_serial_bridge_receives()
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile("uart_tx.c"));
        var received = new List<byte>();
        var framingErrors = new List<long>();
        board.Serial!.ByteReceived += (value, _) => received.Add(value);
        board.Serial.FramingError += framingErrors.Add;

        board.RunFor(TimeSpan.FromMilliseconds(50));
        Assert.That(received, Has.Count.GreaterThan(15));
        Assert.That(received, Is.All.EqualTo(0x55), "an idle key leaves TXD alone");
        Assert.That(framingErrors, Is.Empty);

        received.Clear();
        board.Press("K1");
        board.RunFor(TimeSpan.FromMilliseconds(50));
        Assert.That(framingErrors, Is.Not.Empty, "TXD held low gives a 0 stop bit");
        Assert.That(received, Has.None.EqualTo(0x55), "while K1 is held nothing the program sends gets through intact");

        board.Release("K1");
        board.RunFor(TimeSpan.FromMilliseconds(20));
        received.Clear();
        board.RunFor(TimeSpan.FromMilliseconds(50));
        Assert.That(received, Has.Count.GreaterThan(15).And.All.EqualTo(0x55), "after release the bytes come through again");
    }

    [Test]
    public void Bytes_from_the_bridge_toggle_rxd_and_a_program_polling_it_as_a_key_sees_them()
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile("edge_count.c"));
        board.RunFor(TimeSpan.FromMilliseconds(5));
        Assert.That(Counter(board, 0xC0), Is.Zero);
        // 0x55 framed 8N1 is 0 1010101 0 1 on the line: five falling edges per byte.
        board.Serial!.Send([0x55, 0x55, 0x55], board.Cpu.Cycles);
        board.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.That(Counter(board, 0xC0), Is.EqualTo(15));
        Assert.That(board.Cpu.PinLevels(3) & 0x01, Is.EqualTo(1), "the bridge idles high");
        Assert.That(Counter(board, 0xC2), Is.Zero, "K3 was not touched");
    }

    [Test]
    public void K2_pressed_holds_rxd_low_as_a_key_does()
    {
        var board = Start(ShippedBoard("prechin-a2"), Compile("edge_count.c"));
        board.RunFor(TimeSpan.FromMilliseconds(1));
        board.Press("K2");
        board.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.That(board.Cpu.PinLevels(3) & 0x01, Is.Zero);
        Assert.That(Counter(board, 0xC0), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void A_key_bounces_by_default_and_gives_exactly_one_edge_with_bounce_zero()
    {
        var bouncing = Start(ShippedBoard("prechin-a2"), Compile("edge_count.c"));
        bouncing.RunFor(TimeSpan.FromMilliseconds(1));
        bouncing.Press("K3");
        bouncing.RunFor(TimeSpan.FromMilliseconds(30));
        Assert.That(Counter(bouncing, 0xC2), Is.GreaterThan(1), "default 5 ms of chatter");

        var clean = Start(ModifiedBoard("prechin-a2", "part K3 key bounce=5ms", "part K3 key bounce=0"), Compile("edge_count.c"));
        clean.RunFor(TimeSpan.FromMilliseconds(1));
        clean.Press("K3");
        clean.RunFor(TimeSpan.FromMilliseconds(30));
        clean.Release("K3");
        clean.RunFor(TimeSpan.FromMilliseconds(30));
        Assert.That(Counter(clean, 0xC2), Is.EqualTo(1));
    }

    [TestCase("K1", 0b0100)]
    [TestCase("K2", 0b1000)]
    [TestCase("K3", 0b0010)]
    [TestCase("K4", 0b0001)]
    public void Kst51_matrix_keys_are_read_through_the_row_scan(string key, int rowBit)
    {
        var board = Start(ShippedBoard("kst-51"), Compile("matrix_keys.c"));
        board.RunFor(TimeSpan.FromMilliseconds(2));
        Assert.That(board.Cpu.InternalRam[0xC1], Is.Not.Zero, "the scan runs");
        Assert.That(board.Cpu.InternalRam[0xC0], Is.Zero, "nothing pressed");

        board.Press(key);
        board.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.That(board.Cpu.InternalRam[0xC0], Is.EqualTo(rowBit));
        board.Release(key);
        board.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.That(board.Cpu.InternalRam[0xC0], Is.Zero);
    }
}
