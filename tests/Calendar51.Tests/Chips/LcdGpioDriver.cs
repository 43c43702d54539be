using System.Device.Gpio;
using System.Diagnostics;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Chips;

/// <summary>
/// A System.Device.Gpio driver whose pins are wired to our HD44780 model, so dotnet/iot's LCD
/// bindings can drive it. Pin numbers follow the Prechin board: DB0–DB7 = 0–7 (P0), RS = 26 (P2.6),
/// R/W = 25 (P2.5), E = 27 (P2.7). Edges are timestamped with a Stopwatch and converted to machine
/// cycles of <see cref="Clock"/>. Pin modes are recorded because GpioController.Write forwards a
/// level only when the driver reports the pin as an output (hd44780.md §9.4).
/// </summary>
internal sealed class LcdGpioDriver : GpioDriver
{
    public const int RegisterSelectPin = 26, ReadWritePin = 25, EnablePin = 27;

    private readonly Hd44780 _lcd;
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly bool[] _levels = new bool[PinCountValue];
    private long _lastCycle;
    private const int PinCountValue = 28;

    public LcdGpioDriver(Hd44780 lcd, MachineClock clock)
    {
        _lcd = lcd;
        Clock = clock;
    }

    public MachineClock Clock { get; }

    /// <summary>The machine cycle of "now", never earlier than the last edge delivered.</summary>
    public long Now()
    {
        long cycle = Clock.CycleAtOrAfter((long)_sinceStart.Elapsed.TotalNanoseconds);
        _lastCycle = Math.Max(_lastCycle, cycle);
        return _lastCycle;
    }

    protected override int PinCount => PinCountValue;

    protected override void OpenPin(int pinNumber)
    {
        CheckPin(pinNumber);
        _modes[pinNumber] = PinMode.Input;
    }

    protected override void ClosePin(int pinNumber) => _modes.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        CheckPin(pinNumber);
        _modes[pinNumber] = mode;
    }

    protected override PinMode GetPinMode(int pinNumber) =>
        _modes.TryGetValue(pinNumber, out var mode) ? mode : throw new InvalidOperationException($"pin {pinNumber} is not open");

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode is PinMode.Input or PinMode.Output;

    protected override PinValue Read(int pinNumber)
    {
        CheckPin(pinNumber);
        if (pinNumber < 8 && (_lcd.DataDriveMask >> pinNumber & 1) != 0)
            return (_lcd.DataOutput >> pinNumber & 1) != 0 ? PinValue.High : PinValue.Low;
        return _levels[pinNumber] ? PinValue.High : PinValue.Low;
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        CheckPin(pinNumber);
        bool level = value == PinValue.High;
        _levels[pinNumber] = level;
        long cycle = Now();
        switch (pinNumber)
        {
            case < 8: _lcd.SetDataPin(pinNumber, level, cycle); break;
            case RegisterSelectPin: _lcd.SetRs(level, cycle); break;
            case ReadWritePin: _lcd.SetRw(level, cycle); break;
            case EnablePin: _lcd.SetE(level, cycle); break;
            default: throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, "pin is not wired to the LCD");
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the LCD bridge has no pin events");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the LCD bridge has no pin events");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the LCD bridge has no pin events");

    private static void CheckPin(int pinNumber)
    {
        if (pinNumber is < 0 or >= PinCountValue)
            throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"pins are 0–{PinCountValue - 1}");
    }
}
