using System.Text;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;
using Calendar51.Emulator.Chips.Lcd;

namespace Calendar51.Tests.Board;

/// <summary>
/// The clock firmware (both committed images) on prechin-a2, once translated and once interpreted,
/// side by side: keys, serial commands and the DS18B20 on the wire, stopped at many irregular points.
/// The CPU, the LCD, the DS1302, the serial output and every diagnostic must be the same at each.
/// (The scenario suite runs the other boards' images with the translator, the default.)
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class BoardEngineEquivalenceTests
{
    /// <summary>Nothing to compare where the process interprets everything (CALENDAR51_ENGINE=interpreter, or no JIT).</summary>
    [SetUp]
    public void RequireTheTranslator()
    {
        if (!Mcs51.CanTranslate) Assert.Ignore($"{Mcs51.EngineVariable}=interpreter or no JIT: every core interprets, there is no translator to compare");
    }

    private static IEnumerable<TestCaseData> Boards() =>
        from name in new[] { "prechin-a2" }
        from image in new[] { "calendar51.hex", "calendar51-at89c51.hex" }
        select new TestCaseData(name, image).SetName($"BothEnginesRunTheClockAlike_{name}_{Path.GetFileNameWithoutExtension(image)}");

    [TestCaseSource(nameof(Boards))]
    public void BothEnginesRunTheClockAlike(string boardName, string imageName)
    {
        var translated = CreateBoard(boardName, imageName, ExecutionEngine.Translator);
        var interpreted = CreateBoard(boardName, imageName, ExecutionEngine.Interpreter);
        var translatedOutput = new List<(byte, long)>();
        var interpretedOutput = new List<(byte, long)>();
        translated.Serial!.ByteReceived += (value, cycle) => translatedOutput.Add((value, cycle));
        interpreted.Serial!.ByteReceived += (value, cycle) => interpretedOutput.Add((value, cycle));
        var random = new Random(boardName.Length * 7 + imageName.Length);
        var keys = translated.Keys.Keys.Order(StringComparer.Ordinal).ToArray();
        // Asked once the firmware runs and before a key puts the clock into its setting mode; twice more later.
        foreach (var board in new[] { translated, interpreted })
        {
            board.RunFor(TimeSpan.FromSeconds(2));
            board.Serial!.Send(Encoding.Latin1.GetBytes("T?\r\n"), board.Cpu.Cycles);
        }
        var sentAt = new[] { 150, 300 };
        for (int checkpoint = 0; checkpoint < 400; checkpoint++)
        {
            var span = TimeSpan.FromTicks(random.Next(1, 60_000) * 10L);   // up to 600 ms, in µs steps
            translated.RunFor(span);
            interpreted.RunFor(span);
            AssertSame(interpreted, translated, $"checkpoint {checkpoint}, t = {interpreted.Now}");
            Assert.That(translatedOutput, Is.EqualTo(interpretedOutput), $"checkpoint {checkpoint}: serial output and when");
            if (checkpoint % 37 == 5)
            {
                string key = keys[random.Next(keys.Length)];
                foreach (var board in new[] { translated, interpreted }) board.Press(key);
                translated.RunFor(TimeSpan.FromMilliseconds(80));
                interpreted.RunFor(TimeSpan.FromMilliseconds(80));
                foreach (var board in new[] { translated, interpreted }) board.Release(key);
            }
            if (Array.IndexOf(sentAt, checkpoint) >= 0)
            {
                foreach (var board in new[] { translated, interpreted }) board.Serial!.Send(Encoding.Latin1.GetBytes("T?\r\n"), board.Cpu.Cycles);
            }
        }
        Assert.That(translated.Cpu.RegionRuns, Is.GreaterThan(1000), "the translator ran the clock");
        Assert.That(Encoding.Latin1.GetString(translatedOutput.Select(b => b.Item1).ToArray()), Does.Contain("T=2030-06-15"), "the firmware answered");
    }

    private static VirtualBoard CreateBoard(string boardName, string imageName, ExecutionEngine engine)
    {
        var board = new VirtualBoard(BoardFile.Load(RepositoryFiles.BoardFilePath(boardName)));
        int size = board.Description.Mcu.CodeSize;
        var image = IntelHex.Load(Path.Combine(RepositoryFiles.Root, "firmware", "dist", imageName), size).Data;
        board.Cpu.LoadCode(image.AsSpan(0, size));
        board.Cpu.Engine = engine;
        board.Rtc!.SetDateTime(new DateTime(2030, 6, 15, 10, 59, 50), 0);
        return board;
    }

    private static void AssertSame(VirtualBoard expected, VirtualBoard actual, string where)
    {
        Assert.That(StateDump.ToJson(actual.Cpu), Is.EqualTo(StateDump.ToJson(expected.Cpu)), $"{where}: CPU state");
        Assert.That(LcdText(actual), Is.EqualTo(LcdText(expected)), $"{where}: LCD");
        Assert.That(actual.Rtc!.ReadClockRegisters(actual.Cpu.Cycles), Is.EqualTo(expected.Rtc!.ReadClockRegisters(expected.Cpu.Cycles)), $"{where}: DS1302");
        Assert.That(actual.Rtc.Ram.ToArray(), Is.EqualTo(expected.Rtc.Ram.ToArray()), $"{where}: DS1302 RAM");
        Assert.That(actual.Diagnostics.Snapshot().Select(d => d.ToString()), Is.EqualTo(expected.Diagnostics.Snapshot().Select(d => d.ToString())), $"{where}: diagnostics");
        Assert.That(actual.LcdStrobes, Is.EqualTo(expected.LcdStrobes), $"{where}: LCD strobes");
    }

    private static string LcdText(VirtualBoard board) =>
        string.Join("|", LcdTextRenderer.RenderLines(board.Lcd!.Panel(board.Cpu.Cycles)));
}
