using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Hex;
using Calendar51.Emulator.LogicAnalyser;

namespace Calendar51.Tests.LogicAnalyser;

/// <summary>The recorder's cost, the decoder's wording, and the glob matching of --signals.</summary>
public class WireRecorderTests
{
    private static VirtualBoard ClockBoard()
    {
        var board = new VirtualBoard(BoardCatalog.Load("prechin-a2"));
        string hex = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
        board.Cpu.LoadCode(IntelHex.Load(hex, board.Description.Mcu.CodeSize).Data.AsSpan(0, board.Description.Mcu.CodeSize));
        return board;
    }

    private static long AllocatedWhileRunning(VirtualBoard board, TimeSpan span)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        board.RunFor(span);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void RecordingAnEdgeAllocatesNothing()
    {
        var plain = ClockBoard();
        var recorded = ClockBoard();
        using var recorder = new WireRecorder(new VcdWriter(new StreamWriter(Stream.Null, bufferSize: 1 << 16), WireSignals.Of(recorded.Description)));
        recorder.Attach(recorded, "allocation test");
        // Both boards run the same firmware identically. The first second warms up: JIT, the LCD's
        // initialisation, and the writer's first flush (when StreamWriter allocates its byte buffer).
        plain.RunFor(TimeSpan.FromSeconds(1));
        recorded.RunFor(TimeSpan.FromSeconds(1));
        long strobesBefore = recorded.LcdStrobes;

        long baseline = AllocatedWhileRunning(plain, TimeSpan.FromSeconds(2));
        long withRecorder = AllocatedWhileRunning(recorded, TimeSpan.FromSeconds(2));

        Assert.That(recorded.LcdStrobes - strobesBefore, Is.GreaterThan(200), "thousands of edges were recorded (two LCD rewrites and the DS1302 reads)");
        Assert.That(withRecorder - baseline, Is.LessThan(1024), $"bytes allocated beyond the unrecorded board's {baseline}");
    }

    [TestCase(0x01, "clear")]
    [TestCase(0x02, "home")]
    [TestCase(0x06, "entry mode increment")]
    [TestCase(0x05, "entry mode decrement, shift display")]
    [TestCase(0x0C, "display on, cursor off, blink off")]
    [TestCase(0x0F, "display on, cursor on, blink on")]
    [TestCase(0x10, "shift cursor left")]
    [TestCase(0x1C, "shift display right")]
    [TestCase(0x28, "function set 4-bit 2 lines 5x8")]
    [TestCase(0x34, "function set 8-bit 1 line 5x10")]
    [TestCase(0x48, "set CGRAM 0x08")]
    [TestCase(0xC0, "set DDRAM 0x40")]
    [TestCase(0x00, "undefined (00)")]
    public void Hd44780InstructionsAreDecodedByName(int value, string expected) =>
        Assert.That(BusDecoder.DescribeInstruction((byte)value), Is.EqualTo(expected));

    [Test]
    public void Hd44780TransfersReadAsTheyHappened()
    {
        Assert.That(BusDecoder.Describe(new Hd44780Transfer(Hd44780Access.DataWrite, (byte)'A', 0x40, false, false, 0)), Is.EqualTo("write 'A' to DDRAM 0x40"));
        Assert.That(BusDecoder.Describe(new Hd44780Transfer(Hd44780Access.DataWrite, 0x1F, 0x08, true, false, 0)), Is.EqualTo("write 0x1F to CGRAM 0x08"));
        Assert.That(BusDecoder.Describe(new Hd44780Transfer(Hd44780Access.BusyFlagRead, 0x85, 0x05, false, false, 0)), Is.EqualTo("busy flag read: 1 (AC 0x05)"));
        Assert.That(BusDecoder.Describe(new Hd44780Transfer(Hd44780Access.Instruction, 0x01, 0, false, true, 0)), Is.EqualTo("instruction 01: clear — ignored: busy"));
    }

    [TestCase(0x81, new byte[] { 0x45 }, "read seconds (81): 45")]
    [TestCase(0x8E, new byte[] { 0x00 }, "write control (8E): 00")]
    [TestCase(0x90, new byte[] { 0xA5 }, "write trickle charger (90): A5")]
    [TestCase(0xC3, new byte[] { 0x12 }, "read RAM 1 (C3): 12")]
    [TestCase(0xBF, new byte[] { 0x55, 0x59, 0x23, 0x28, 0x02, 0x01, 0x28 }, "burst read clock (BF): 55 59 23 28 02 01 28")]
    [TestCase(0xFE, new byte[] { 0x01, 0x02 }, "burst write RAM (FE): 01 02")]
    [TestCase(0x81, new byte[0], "read seconds (81): no byte clocked out")]
    [TestCase(0x05, new byte[0], "command 05 ignored: bit 7 clear")]
    public void Ds1302TransfersNameTheirRegister(int command, byte[] data, string expected) =>
        Assert.That(BusDecoder.Describe(new Ds1302Transfer((byte)command, data, data.Length, 0)), Is.EqualTo(expected));

    [TestCase("rtc.*", "rtc.SCLK", true)]
    [TestCase("RTC.sclk", "rtc.SCLK", true)]
    [TestCase("lcd.DB?", "lcd.DB7", true)]
    [TestCase("lcd.DB?", "lcd.RS", false)]
    [TestCase("*.A", "K4.A", true)]
    [TestCase("K*", "lcd.E", false)]
    [TestCase("*", "usb.TX", true)]
    [TestCase("lcd.E", "lcd.E2", false)]
    public void SignalGlobs(string pattern, string name, bool matches) =>
        Assert.That(WireSignals.Glob(pattern, name), Is.EqualTo(matches));

    [Test]
    public void SignalsMatchTheirMcuPinToo()
    {
        var all = WireSignals.Of(BoardCatalog.Load("prechin-a2"));
        Assert.That(WireSignals.Select(all, "P3.0,P2.7").Select(s => s.Name), Is.EqualTo(new[] { "lcd.E", "K2.A", "usb.TX" }));
        Assert.That(WireSignals.Select(all, null), Is.EqualTo(all));
        Assert.That(() => WireSignals.Select(all, "lcd.E,"), Throws.TypeOf<SignalSelectionException>());
    }

    [Test]
    public void VcdIdentifiersAreShortPrintableAndDistinct()
    {
        var codes = Enumerable.Range(0, 94 * 95).Select(VcdWriter.Identifier).ToList();
        Assert.That(codes.Take(94), Is.All.Length.EqualTo(1));
        Assert.That(codes[0], Is.EqualTo("!"));
        Assert.That(codes[93], Is.EqualTo("~"));
        Assert.That(codes[94], Is.EqualTo("!!"));
        Assert.That(codes, Is.Unique);
        Assert.That(codes.SelectMany(c => c), Is.All.InRange('!', '~'));
    }
}
