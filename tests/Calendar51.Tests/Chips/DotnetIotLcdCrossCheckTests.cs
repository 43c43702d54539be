using System.Device.Gpio;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Timing;
using Lcd1602 = Iot.Device.CharacterLcd.Lcd1602;

namespace Calendar51.Tests.Chips;

/// <summary>
/// Cross-check against an independent driver: dotnet/iot's Lcd1602 (Iot.Device.Bindings 4.2.0)
/// drives our HD44780 model through <see cref="LcdGpioDriver"/> in real time; what the driver wrote
/// must be what the model holds and shows.
/// </summary>
[NonParallelizable] // real-time waits; keep the machine quiet for them
public class DotnetIotLcdCrossCheckTests
{
    // 1 ns machine cycles so Stopwatch timestamps keep their resolution.
    private static readonly MachineClock NanosecondClock = new(12_000_000_000);

    private static readonly byte[] Heart = [0x00, 0x0A, 0x1F, 0x1F, 0x0E, 0x04, 0x00, 0x00];
    private static readonly byte[] Bell = [0x04, 0x0E, 0x0E, 0x0E, 0x1F, 0x00, 0x04, 0x00];

    private static (Hd44780 Model, Lcd1602 Driver, LcdGpioDriver Gpio, Diagnostics Diagnostics) Connect(bool eightBit)
    {
        var diagnostics = new Diagnostics();
        var model = new Hd44780(NanosecondClock, diagnostics);
        var gpio = new LcdGpioDriver(model, NanosecondClock);
        var controller = new GpioController(gpio);
        int[] dataPins = eightBit ? [0, 1, 2, 3, 4, 5, 6, 7] : [4, 5, 6, 7];
        var driver = new Lcd1602(LcdGpioDriver.RegisterSelectPin, LcdGpioDriver.EnablePin, dataPins,
            readWritePin: LcdGpioDriver.ReadWritePin, controller: controller);
        // The driver's constructor ends with a clear and waits only ~1 ms; the chip needs 1.52 ms.
        Thread.Sleep(3);
        return (model, driver, gpio, diagnostics);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Text_and_custom_characters_arrive_in_DDRAM_and_CGRAM(bool eightBit)
    {
        var (model, driver, gpio, diagnostics) = Connect(eightBit);
        using (driver)
        {
            driver.CreateCustomCharacter(0, Heart);
            driver.CreateCustomCharacter(5, Bell);
            driver.SetCursorPosition(0, 0);
            driver.Write("I ");
            driver.Write("\u0000 \u000D"); // heart, space, bell via its 08–0F alias (Write casts each char to a code)
            driver.SetCursorPosition(3, 1);
            driver.Write(eightBit ? "8-bit mode" : "4-bit mode");

            string mode = eightBit ? "8" : "4";
            Assert.Multiple(() =>
            {
                Assert.That(model.EightBitInterface, Is.EqualTo(eightBit));
                Assert.That(model.TwoLines, Is.True, "N taken from the function set that follows the 04");
                Assert.That(model.Cgram[..8].ToArray(), Is.EqualTo(Heart));
                Assert.That(model.Cgram[40..48].ToArray(), Is.EqualTo(Bell));
                Assert.That(Enumerable.Range(0, 5).Select(i => model.DdramAt(i)), Is.EqualTo(new byte[] { (byte)'I', (byte)' ', 0x00, 0x20, 0x0D }));
                Assert.That(Enumerable.Range(0x43, 10).Select(a => (char)model.DdramAt(a)), Is.EqualTo($"{mode}-bit mode"));
                Assert.That(LcdTextRenderer.RenderLines(model.Panel(gpio.Now())), Is.EqualTo(new[] { "I ① ⑥           ", $"   {mode}-bit mode   " }));
                Assert.That(model.DisplayOn, Is.True);
                Assert.That(model.CursorOn || model.BlinkOn, Is.False);
                Assert.That(diagnostics.Snapshot().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
                Assert.That(diagnostics.Snapshot().Select(d => d.Rule), Has.Some.EqualTo("init"), "the 04 before the function set is reported");
            });
        }
    }

    [Test]
    public void ShiftCursorLeft_shifts_the_display_as_the_driver_sends_18()
    {
        var (model, driver, gpio, diagnostics) = Connect(eightBit: true);
        using (driver)
        {
            driver.Write("0123456789ABCDEFG");
            int addressBefore = model.AddressCounter;
            driver.ShiftCursorLeft();
            driver.ShiftCursorLeft();
            Assert.Multiple(() =>
            {
                Assert.That(model.AddressCounter, Is.EqualTo(addressBefore), "the cursor did not move");
                Assert.That(model.DisplayShift, Is.EqualTo(2));
                Assert.That(LcdTextRenderer.RenderLines(model.Panel(gpio.Now()))[0], Is.EqualTo("23456789ABCDEFG "));
            });
            driver.ShiftCursorRight();
            Assert.That(model.DisplayShift, Is.EqualTo(1));
            Assert.That(diagnostics.Snapshot().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
        }
    }

    [Test]
    public void Clear_and_display_controls_match()
    {
        var (model, driver, gpio, diagnostics) = Connect(eightBit: false);
        using (driver)
        {
            driver.Write("gone soon");
            driver.Clear();
            driver.Write("kept");
            driver.UnderlineCursorVisible = true;
            driver.BlinkingCursorVisible = true;
            Assert.Multiple(() =>
            {
                Assert.That(LcdTextRenderer.RenderLines(model.Panel(gpio.Now()))[0], Is.EqualTo("kept            "));
                Assert.That(model.CursorOn && model.BlinkOn, Is.True);
                Assert.That(model.AddressCounter, Is.EqualTo(4));
                Assert.That(diagnostics.Snapshot().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            });
            driver.DisplayOn = false;
            Assert.That(LcdTextRenderer.RenderLines(model.Panel(gpio.Now())), Is.All.EqualTo(new string(' ', 16)));
        }
    }
}
