using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Chips;

/// <summary>Supply voltage column of the HD44780 bus timing table.</summary>
public enum Hd44780Supply
{
    /// <summary>VCC = 4.5–5.5 V.</summary>
    FiveVolts,
    /// <summary>VCC = 2.7–4.5 V: slower bus timing.</summary>
    ThreeVolts,
}

/// <summary>How an HD44780 module is built.</summary>
public sealed record Hd44780Options
{
    /// <summary>The module's name on the board, used in diagnostics.</summary>
    public string Name { get; init; } = "LCD1602";
    /// <summary>The controller's own oscillator; execution times and the blink rate scale with it.</summary>
    public long OscillatorHz { get; init; } = 270_000;
    /// <summary>Which column of the bus timing table applies.</summary>
    public Hd44780Supply Supply { get; init; } = Hd44780Supply.FiveVolts;
    /// <summary>When VCC reaches 4.5 V on the board's time scale (zero: the chip is powered at cycle 0).</summary>
    public TimeSpan SupplyReadyAt { get; init; } = TimeSpan.Zero;
    /// <summary>
    /// How long after <see cref="SupplyReadyAt"/> the chip is busy with its internal reset and ignores
    /// instructions. The datasheet quotes BF = 1 for about 10 ms and tells firmware to wait more than
    /// 15 ms after VCC reaches 4.5 V; the model holds the longer figure so that code which waits too
    /// little fails here rather than on some modules.
    /// </summary>
    public TimeSpan PowerOnResetTime { get; init; } = TimeSpan.FromMilliseconds(15);
    /// <summary>Visible characters per line.</summary>
    public int Columns { get; init; } = 16;
    /// <summary>Visible lines (1 or 2).</summary>
    public int Rows { get; init; } = 2;
}

/// <summary>What one completed bus cycle of the LCD was: the four combinations of RS and R/W.</summary>
public enum Hd44780Access
{
    /// <summary>RS = 0, R/W = 0: an instruction.</summary>
    Instruction,
    /// <summary>RS = 1, R/W = 0: a byte into DDRAM or CGRAM.</summary>
    DataWrite,
    /// <summary>RS = 0, R/W = 1: the busy flag and address counter.</summary>
    BusyFlagRead,
    /// <summary>RS = 1, R/W = 1: a byte from DDRAM or CGRAM.</summary>
    DataRead,
}

/// <summary>
/// One completed transfer (a byte, in one or two E pulses), for a bus decoder. <see cref="Address"/>
/// and <see cref="AddressesCgram"/> are the address counter when the transfer happened: where data is
/// written or read. <see cref="Ignored"/>: the chip was busy and dropped the write.
/// </summary>
public sealed record Hd44780Transfer(Hd44780Access Access, byte Value, int Address, bool AddressesCgram, bool Ignored, long Cycle);

/// <summary>
/// Pin-level model of the Hitachi HD44780U character LCD controller as found on LCD1602 modules
/// (facts: shared/reference/hd44780.md). Its power-on wait counts from
/// <see cref="Hd44780Options.SupplyReadyAt"/>, not from the MCU's first instruction. The board reports wire levels with
/// <see cref="SetRs"/>, <see cref="SetRw"/>, <see cref="SetE"/> and <see cref="SetDataBus"/> (or
/// <see cref="SetDataPin"/>); during reads the chip drives <see cref="DataOutput"/> on the bits of
/// <see cref="DataDriveMask"/> and raises <see cref="DataDriveChanged"/>. Writes latch on E falling.
/// </summary>
public sealed class Hd44780
{
    /// <summary>Bytes of display data RAM.</summary>
    public const int DdramSize = 80;
    /// <summary>Bytes of character generator RAM (eight 5×8 characters).</summary>
    public const int CgramSize = 64;
    private const int LineLength = 40;         // two-line mode: 0x00–0x27 and 0x40–0x67
    private const long ExecutionNsAt270k = 37_000;
    private const long ClearHomeNsAt270k = 1_520_000;
    private const long BlinkOscillatorClocks = 102_400; // 409.6 ms at 250 kHz (datasheet)
    private const long ReferenceOscillatorHz = 270_000;

    private readonly MachineClock _clock;
    private readonly Diagnostics _diagnostics;
    private readonly Timing _timing;
    private readonly long _executionNs, _clearHomeNs;

    private readonly byte[] _ddram = new byte[DdramSize];
    private readonly byte[] _cgram = new byte[CgramSize];
    private int _addressCounter;
    private bool _addressesCgram;
    private int _displayShift; // positive: display shifted left by that many columns
    private long _busyUntilCycle;
    private bool _lastExecutedWasFunctionSet;

    // Function-set bookkeeping for the initialisation rules (hd44780.md §2 and §4).
    private int _functionSetsSinceReset;
    private bool _widthChangedSinceReset;
    private bool _functionSetLocked;
    private bool _reportedInstructionBeforeFunctionSet;

    // Wires.
    private bool _rs, _rw, _e;
    private byte _dataLevels;
    private long _eRoseCycle = long.MinValue, _eFellCycle = long.MinValue;
    private long _controlChangedCycle = long.MinValue, _dataChangedCycle = long.MinValue;
    private bool _lastFallWasWrite;

    // 4-bit transfers: two E pulses per byte, in either direction.
    private bool _secondNibble;
    private byte _firstNibble;
    private byte _readValue;
    private bool _readAdvances; // a data read moves the address counter once its last pulse ends

    /// <summary>A controller just powered on: busy with its internal reset, display off, 8-bit interface.</summary>
    /// <param name="clock">The board's crystal: pin edges arrive in its machine cycles.</param>
    /// <param name="diagnostics">Where timing violations go.</param>
    /// <param name="options">Size, oscillator and supply (default: 16×2, 270 kHz, 5 V).</param>
    public Hd44780(MachineClock clock, Diagnostics diagnostics, Hd44780Options? options = null)
    {
        _clock = clock;
        _diagnostics = diagnostics;
        Options = options ?? new Hd44780Options();
        if (Options.OscillatorHz <= 0) throw new ArgumentOutOfRangeException(nameof(options), Options.OscillatorHz, "HD44780 oscillator frequency must be positive");
        if (Options.Columns is < 1 or > LineLength || Options.Rows is < 1 or > 2)
            throw new ArgumentOutOfRangeException(nameof(options), $"{Options.Columns}×{Options.Rows}", "panel must be 1–40 columns by 1–2 rows");
        _timing = Options.Supply == Hd44780Supply.FiveVolts ? Timing.FiveVolts : Timing.ThreeVolts;
        _executionNs = ExecutionNsAt270k * ReferenceOscillatorHz / Options.OscillatorHz;
        _clearHomeNs = ClearHomeNsAt270k * ReferenceOscillatorHz / Options.OscillatorHz;

        // Internal reset circuit: display cleared, 8-bit, one line, 5×8, display off, increment, no shift.
        _ddram.AsSpan().Fill(0x20);
        EightBitInterface = true;
        Increment = true;
        _busyUntilCycle = _clock.CycleAtOrAfter((long)(Options.SupplyReadyAt + Options.PowerOnResetTime).TotalNanoseconds);
    }

    /// <summary>How this module was built.</summary>
    public Hd44780Options Options { get; }

    // ---------------------------------------------------------------- visible state

    /// <summary>Display data RAM, by internal index (see <see cref="DdramAt"/> for addresses).</summary>
    public ReadOnlySpan<byte> Ddram => _ddram;
    /// <summary>Character generator RAM: eight characters of eight rows, bit 4 = leftmost dot.</summary>
    public ReadOnlySpan<byte> Cgram => _cgram;
    /// <summary>The address counter: a DDRAM address (0x00–0x67) or, when <see cref="AddressesCgram"/>, a CGRAM address.</summary>
    public int AddressCounter => _addressCounter;
    /// <summary>Whether the address counter points into CGRAM (after Set CGRAM Address).</summary>
    public bool AddressesCgram => _addressesCgram;
    /// <summary>Function set DL: 8-bit (true) or 4-bit transfers.</summary>
    public bool EightBitInterface { get; private set; }
    /// <summary>Function set N: two-line mode.</summary>
    public bool TwoLines { get; private set; }
    /// <summary>Function set F: 5×10 dots.</summary>
    public bool LargeFont { get; private set; }
    /// <summary>Display control D.</summary>
    public bool DisplayOn { get; private set; }
    /// <summary>Display control C: underline cursor.</summary>
    public bool CursorOn { get; private set; }
    /// <summary>Display control B: blinking block at the cursor.</summary>
    public bool BlinkOn { get; private set; }
    /// <summary>Entry mode I/D: the address counter counts up.</summary>
    public bool Increment { get; private set; }
    /// <summary>Entry mode S: the display shifts with each write.</summary>
    public bool ShiftOnWrite { get; private set; }
    /// <summary>Columns the display has been shifted left (negative: right), 0 … line length − 1.</summary>
    public int DisplayShift => _displayShift;

    /// <summary>Whether the busy flag is set at <paramref name="cycle"/> (an instruction still executing).</summary>
    public bool IsBusy(long cycle) => cycle < _busyUntilCycle;

    /// <summary>The byte at DDRAM address <paramref name="address"/> (0x00–0x27/0x40–0x67 in two-line mode, 0x00–0x4F in one-line mode).</summary>
    public byte DdramAt(int address) => _ddram[DdramIndex(address)];

    /// <summary>What the panel shows at <paramref name="cycle"/>: for the renderers in <see cref="Lcd"/>.</summary>
    public LcdPanel Panel(long cycle)
    {
        var codes = new byte[Options.Rows * Options.Columns];
        for (int row = 0; row < Options.Rows; row++)
        for (int column = 0; column < Options.Columns; column++)
            codes[row * Options.Columns + column] = VisibleAddress(row, column) is int address ? DdramAt(address) : (byte)0x20;

        int cursorRow = -1, cursorColumn = -1;
        if (!_addressesCgram)
        {
            for (int row = 0; row < Options.Rows && cursorRow < 0; row++)
            for (int column = 0; column < Options.Columns; column++)
            {
                if (VisibleAddress(row, column) != _addressCounter) continue;
                cursorRow = row;
                cursorColumn = column;
                break;
            }
        }
        long oscillatorClocks = (long)((Int128)_clock.ToNanoseconds(cycle) * Options.OscillatorHz / 1_000_000_000);
        bool blinkBlockShown = oscillatorClocks / BlinkOscillatorClocks % 2 == 0;
        return new LcdPanel(Options.Columns, Options.Rows, codes, _cgram.ToArray(), DisplayOn, CursorOn, BlinkOn, blinkBlockShown, cursorRow, cursorColumn);
    }

    private int? VisibleAddress(int row, int column)
    {
        if (!TwoLines)
            return row == 0 ? Modulo(column + _displayShift, DdramSize) : null; // one-line mode leaves line 2 undriven
        return (row == 0 ? 0x00 : 0x40) + Modulo(column + _displayShift, LineLength);
    }

    // ---------------------------------------------------------------- pins

    /// <summary>Bits of DB7–DB0 the chip drives right now (0xFF for an 8-bit read, 0xF0 for a 4-bit read, else 0).</summary>
    public byte DataDriveMask { get; private set; }

    /// <summary>Levels the chip drives on the bits of <see cref="DataDriveMask"/>.</summary>
    /// <summary>What the chip drives on DB7–DB0 during a read (the bits of <see cref="DataDriveMask"/>).</summary>
    public byte DataOutput { get; private set; }

    /// <summary>Raised with the cycle whenever the chip starts or stops driving DB7–DB0 or changes what it drives.</summary>
    public event Action<long>? DataDriveChanged;

    /// <summary>
    /// Raised for every completed transfer as the chip takes it (before it executes), for bus
    /// decoders; a chip nobody listens to pays only the null check.
    /// </summary>
    public event Action<Hd44780Transfer>? Transferred;

    /// <summary>The RS wire changed level: instruction (low) or data (high).</summary>
    public void SetRs(bool level, long cycle)
    {
        if (level == _rs) return;
        _rs = level;
        OnControlChanged(cycle, "RS");
    }

    /// <summary>The R/W wire changed level: write (low) or read (high).</summary>
    public void SetRw(bool level, long cycle)
    {
        if (level == _rw) return;
        _rw = level;
        OnControlChanged(cycle, "R/W");
        if (!level) Drive(0, 0, cycle); // a write cycle: the chip lets go of the bus
    }

    /// <summary>The resolved levels of DB7–DB0 (bit 0 = DB0). Unconnected pins in 4-bit wiring may hold anything.</summary>
    public void SetDataBus(byte levels, long cycle)
    {
        if (levels == _dataLevels) return;
        _dataLevels = levels;
        if (DataDriveMask != 0) return; // the chip's own read data
        _dataChangedCycle = cycle;
        if (_lastFallWasWrite && _eFellCycle != long.MinValue)
            CheckMinimum("tH", _eFellCycle, cycle, _timing.DataHoldNs, "data hold after E fall");
    }

    /// <summary>One of DB0–DB7 changed level.</summary>
    public void SetDataPin(int bit, bool level, long cycle)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)bit, 7u, nameof(bit));
        SetDataBus(level ? (byte)(_dataLevels | 1 << bit) : (byte)(_dataLevels & ~(1 << bit)), cycle);
    }

    /// <summary>The E wire changed level: reads drive the bus while E is high, writes latch on its fall.</summary>
    public void SetE(bool level, long cycle)
    {
        if (level == _e) return;
        _e = level;
        if (level) OnERose(cycle);
        else OnEFell(cycle);
    }

    private void OnControlChanged(long cycle, string pin)
    {
        if (_e && _eFellCycle == long.MinValue)
            // An 8051 port latch is 1 after reset, so E wired to a port pin has been high since
            // power-on and the program's first access sets RS or R/W before it first lowers E.
            Report("tAH", cycle, $"{pin} changed while E is high since power-on (a port pin idles high after reset): harmless, "
                + "E's first fall takes RS, R/W and the data as they are then", DiagnosticSeverity.Info);
        else if (_e)
            Report("tAH", cycle, $"{pin} changed while E is high", DiagnosticSeverity.Warning);
        else if (_eFellCycle != long.MinValue && IsShorterThan(_eFellCycle, cycle, _timing.AddressHoldNs, out long actual))
            ReportTooShort("tAH", cycle, $"{pin} hold after E fall", actual, _timing.AddressHoldNs); // detail built only on a violation
        _controlChangedCycle = cycle;
    }

    private void OnERose(long cycle)
    {
        if (_eRoseCycle != long.MinValue)
            CheckMinimum("tcycE", _eRoseCycle, cycle, _timing.CycleNs, "E cycle time");
        if (_controlChangedCycle != long.MinValue)
            CheckMinimum("tAS", _controlChangedCycle, cycle, _timing.AddressSetupNs, "RS, R/W setup before E rise");
        _eRoseCycle = cycle;
        if (!_rw) return;

        if (!_secondNibble || EightBitInterface)
        {
            _readAdvances = _rs && !IsBusy(cycle);
            if (_rs)
            {
                if (IsBusy(cycle))
                    Report("busy", cycle, $"data read while busy ({BusyRemaining(cycle)}): the address counter does not advance", DiagnosticSeverity.Error);
                _readValue = _addressesCgram ? _cgram[_addressCounter] : DdramAt(_addressCounter);
            }
            else
            {
                _readValue = (byte)((IsBusy(cycle) ? 0x80 : 0) | _addressCounter & 0x7F);
            }
        }
        if (EightBitInterface) Drive(0xFF, _readValue, cycle);
        else Drive(0xF0, _secondNibble ? (byte)(_readValue << 4) : (byte)(_readValue & 0xF0), cycle);
    }

    private void OnEFell(long cycle)
    {
        if (_eRoseCycle != long.MinValue)
            CheckMinimum("PWEH", _eRoseCycle, cycle, _timing.EnableHighNs, "E pulse width high");
        _eFellCycle = cycle;
        _lastFallWasWrite = !_rw;
        if (_rw)
        {
            Drive(0, 0, cycle);
            if (!EightBitInterface)
            {
                _secondNibble = !_secondNibble;
                if (_secondNibble) return; // the first of two read pulses
            }
            Transferred?.Invoke(new Hd44780Transfer(_rs ? Hd44780Access.DataRead : Hd44780Access.BusyFlagRead, _readValue, _addressCounter, _addressesCgram, Ignored: false, cycle));
            if (_readAdvances) CompleteDataRead(cycle);
            return;
        }

        if (_dataChangedCycle != long.MinValue)
            CheckMinimum("tDSW", _dataChangedCycle, cycle, _timing.DataSetupNs, "data setup before E fall");
        byte value;
        if (EightBitInterface)
        {
            value = _dataLevels;
            _secondNibble = false;
        }
        else if (!_secondNibble)
        {
            _firstNibble = (byte)(_dataLevels & 0xF0);
            _secondNibble = true;
            return;
        }
        else
        {
            value = (byte)(_firstNibble | _dataLevels >> 4);
            _secondNibble = false;
        }
        Execute(value, cycle);
    }

    private void Drive(byte mask, byte value, long cycle)
    {
        if (mask == DataDriveMask && (value & mask) == DataOutput) return;
        DataDriveMask = mask;
        DataOutput = (byte)(value & mask);
        DataDriveChanged?.Invoke(cycle);
    }

    // ---------------------------------------------------------------- instructions

    private void Execute(byte value, long cycle)
    {
        bool functionSet = !_rs && (value & 0xE0) == 0x20;
        if (IsBusy(cycle))
        {
            if (!_rs && _lastExecutedWasFunctionSet)
            {
                // dotnet/iot sends 0010 (4-bit) or 04 (8-bit) a few µs after the third 0011 of the
                // initialisation (hd44780.md §9.3) and works on real modules, so an instruction
                // following a function set is accepted while that function set executes.
                Report("busy", cycle, $"instruction {value:X2} while a function set is still executing ({BusyRemaining(cycle)}): accepted", DiagnosticSeverity.Warning);
            }
            else
            {
                Report("busy", cycle, $"{(_rs ? "data" : "instruction")} {value:X2} written while busy ({BusyRemaining(cycle)}): ignored", DiagnosticSeverity.Error);
                Transferred?.Invoke(new Hd44780Transfer(_rs ? Hd44780Access.DataWrite : Hd44780Access.Instruction, value, _addressCounter, _addressesCgram, Ignored: true, cycle));
                return;
            }
        }
        Transferred?.Invoke(new Hd44780Transfer(_rs ? Hd44780Access.DataWrite : Hd44780Access.Instruction, value, _addressCounter, _addressesCgram, Ignored: false, cycle));
        _lastExecutedWasFunctionSet = functionSet;
        if (_rs) WriteData(value, cycle);
        else ExecuteInstruction(value, cycle);
    }

    private void ExecuteInstruction(byte value, long cycle)
    {
        bool functionSet = (value & 0xE0) == 0x20;
        if (!functionSet && !_functionSetLocked && InitialisationSequenceSeen && !_reportedInstructionBeforeFunctionSet)
        {
            _reportedInstructionBeforeFunctionSet = true;
            Report("init", cycle, $"instruction {value:X2} after the 0011 sequence but before the function set that ends initialisation: executed; "
                + $"the next function set in {(EightBitInterface ? "8" : "4")}-bit mode will still set N and F (the datasheet wants the function set first)", DiagnosticSeverity.Warning);
        }

        long busyNs = _executionNs;
        if ((value & 0x80) != 0)
        {
            _addressesCgram = false;
            _addressCounter = value & 0x7F;
        }
        else if ((value & 0x40) != 0)
        {
            _addressesCgram = true;
            _addressCounter = value & 0x3F;
        }
        else if (functionSet)
        {
            FunctionSet(value, cycle);
        }
        else if ((value & 0x10) != 0)
        {
            bool right = (value & 0x04) != 0;
            if ((value & 0x08) != 0) ShiftDisplay(right ? -1 : 1);
            else MoveAddressCounter(right);
        }
        else if ((value & 0x08) != 0)
        {
            DisplayOn = (value & 0x04) != 0;
            CursorOn = (value & 0x02) != 0;
            BlinkOn = (value & 0x01) != 0;
        }
        else if ((value & 0x04) != 0)
        {
            Increment = (value & 0x02) != 0;
            ShiftOnWrite = (value & 0x01) != 0;
        }
        else if ((value & 0x02) != 0)
        {
            _addressesCgram = false;
            _addressCounter = 0;
            _displayShift = 0;
            busyNs = _clearHomeNs;
        }
        else if ((value & 0x01) != 0)
        {
            _ddram.AsSpan().Fill(0x20);
            _addressesCgram = false;
            _addressCounter = 0;
            _displayShift = 0;
            Increment = true;
            busyNs = _clearHomeNs;
        }
        else
        {
            Report("instruction", cycle, "instruction 00 is not defined: ignored", DiagnosticSeverity.Warning);
            return;
        }
        SetBusy(cycle, busyNs);
    }

    private void FunctionSet(byte value, long cycle)
    {
        bool eightBit = (value & 0x10) != 0, twoLines = (value & 0x08) != 0, largeFont = (value & 0x04) != 0;
        if (eightBit != EightBitInterface) _secondNibble = false;
        if (_functionSetLocked)
        {
            if (twoLines != TwoLines || largeFont != LargeFont)
                Report("function set", cycle, $"function set {value:X2} after initialisation: N and F are not changed", DiagnosticSeverity.Warning);
        }
        else
        {
            // After the three 0011 writes, or after a function set that changed DL (the 0010 that
            // selects 4 bits, datasheet Table 12), the first function set that keeps the interface
            // width is the one that fixes N and F.
            _functionSetLocked = InitialisationSequenceSeen && eightBit == EightBitInterface;
            TwoLines = twoLines;
            LargeFont = largeFont;
        }
        if (eightBit != EightBitInterface) _widthChangedSinceReset = true;
        EightBitInterface = eightBit;
        _functionSetsSinceReset++;
    }

    /// <summary>The 0011 ×3 of initialisation by instruction, or a change of interface width, has happened.</summary>
    private bool InitialisationSequenceSeen => _functionSetsSinceReset >= 3 || _widthChangedSinceReset;

    private void WriteData(byte value, long cycle)
    {
        if (_addressesCgram)
        {
            _cgram[_addressCounter] = value;
        }
        else
        {
            _ddram[DdramIndex(_addressCounter)] = value;
            if (ShiftOnWrite) ShiftDisplay(Increment ? 1 : -1);
        }
        MoveAddressCounter(Increment);
        SetBusy(cycle, _executionNs);
    }

    private void CompleteDataRead(long cycle)
    {
        MoveAddressCounter(Increment);
        SetBusy(cycle, _executionNs);
    }

    private void MoveAddressCounter(bool up)
    {
        if (_addressesCgram)
        {
            _addressCounter = (_addressCounter + (up ? 1 : -1)) & (CgramSize - 1);
            return;
        }
        if (!TwoLines)
        {
            _addressCounter = Modulo(_addressCounter + (up ? 1 : -1), DdramSize);
            return;
        }
        _addressCounter = (_addressCounter, up) switch
        {
            (0x27, true) => 0x40,
            (0x67, true) => 0x00,
            (0x40, false) => 0x27,
            (0x00, false) => 0x67,
            _ => (_addressCounter + (up ? 1 : -1)) & 0x7F,
        };
    }

    private void ShiftDisplay(int left) => _displayShift = Modulo(_displayShift + left, TwoLines ? LineLength : DdramSize);

    private int DdramIndex(int address) => TwoLines
        ? ((address & 0x40) != 0 ? LineLength : 0) + (address & 0x3F) % LineLength
        : (address & 0x7F) % DdramSize;

    private static int Modulo(int value, int modulus) => (value % modulus + modulus) % modulus;

    private void SetBusy(long cycle, long nanoseconds) =>
        _busyUntilCycle = _clock.CycleAtOrAfter(_clock.ToNanoseconds(cycle) + nanoseconds);

    private string BusyRemaining(long cycle) =>
        $"{(_clock.ToNanoseconds(_busyUntilCycle) - _clock.ToNanoseconds(cycle)) / 1000.0:0.###} µs left";

    // ---------------------------------------------------------------- diagnostics

    private void CheckMinimum(string rule, long fromCycle, long toCycle, long minimumNs, string parameter)
    {
        if (IsShorterThan(fromCycle, toCycle, minimumNs, out long actual)) ReportTooShort(rule, toCycle, parameter, actual, minimumNs);
    }

    /// <summary>Whether the span is shorter than the minimum; <paramref name="actualNs"/> is its length when it is (else 0).</summary>
    private bool IsShorterThan(long fromCycle, long toCycle, long minimumNs, out long actualNs)
    {
        actualNs = 0;
        if (_clock.SurelyApart(fromCycle, toCycle, minimumNs)) return false;
        actualNs = _clock.ToNanoseconds(toCycle) - _clock.ToNanoseconds(fromCycle);
        return actualNs < minimumNs;
    }

    private void ReportTooShort(string rule, long cycle, string parameter, long actualNs, long minimumNs) =>
        Report(rule, cycle, $"{parameter} {actualNs} ns < {minimumNs} ns minimum", DiagnosticSeverity.Warning);

    private void Report(string rule, long cycle, string detail, DiagnosticSeverity severity) =>
        _diagnostics.Report(Options.Name, rule, cycle, _clock.ToTimeSpan(cycle), detail, severity);

    private sealed record Timing(long EnableHighNs, long CycleNs, long AddressSetupNs, long AddressHoldNs, long DataSetupNs, long DataHoldNs)
    {
        // Datasheet bus timing: PWEH, tcycE, tAS, tAH, tDSW, tH.
        public static readonly Timing FiveVolts = new(230, 500, 40, 10, 80, 10);
        public static readonly Timing ThreeVolts = new(450, 1000, 60, 20, 195, 10);
    }
}
