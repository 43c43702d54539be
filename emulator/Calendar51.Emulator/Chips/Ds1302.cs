using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Chips;

/// <summary>Supply voltage column of the DS1302 AC timing table.</summary>
public enum Ds1302Supply
{
    /// <summary>VCC = 5 V: the fast column (e.g. 1 µs CE setup).</summary>
    FiveVolts,
    /// <summary>VCC = 2 V: the slow column, four times longer.</summary>
    TwoVolts,
}

/// <summary>How a DS1302 is built and what it holds at its very first power-up.</summary>
public sealed record Ds1302Options
{
    /// <summary>The chip's name on the board, used in diagnostics.</summary>
    public string Name { get; init; } = "DS1302";
    /// <summary>Which column of the AC timing table applies.</summary>
    public Ds1302Supply Supply { get; init; } = Ds1302Supply.FiveVolts;
    /// <summary>
    /// The chip's own crystal, nominally 32 768 Hz; time is counted in its ticks, never from the host
    /// clock. The chip divides by 32 768 whatever the crystal does, so a crystal 20 ppm fast makes
    /// the clock gain 20 µs a second (1.7 s a day).
    /// </summary>
    public double CrystalHz { get; init; } = Ds1302.NominalCrystalHz;
    /// <summary>The datasheet leaves CH and WP undefined at first power; both default to set.</summary>
    public bool FirstPowerClockHalted { get; init; } = true;
    /// <summary>Whether the write-protect bit is set at first power (see <see cref="FirstPowerClockHalted"/>).</summary>
    public bool FirstPowerWriteProtected { get; init; } = true;
    /// <summary>First-power RAM content is unknown on a real chip; every byte starts with this value.</summary>
    public byte FirstPowerRamFill { get; init; }
}

/// <summary>Trickle-charge register decoded (datasheet: enabled only when TCS = 1010 and DS, RS are non-zero).</summary>
public readonly record struct Ds1302TrickleCharger(byte Register)
{
    /// <summary>Diodes in the charge path (0 when the selection is invalid).</summary>
    public int Diodes => (Register >> 2 & 3) switch { 1 => 1, 2 => 2, _ => 0 };
    /// <summary>The charge resistor: 2, 4 or 8 kΩ (0 when none is selected).</summary>
    public int ResistorOhms => (Register & 3) switch { 1 => 2_000, 2 => 4_000, 3 => 8_000, _ => 0 };
    /// <summary>Whether the charger conducts at all.</summary>
    public bool Enabled => (Register >> 4) == 0b1010 && Diodes != 0 && ResistorOhms != 0;
}

/// <summary>
/// One CE window as the chip saw it, for a bus decoder: the command byte and the data bytes that
/// went across (written by the MCU, or clocked out by the chip on a read), in order.
/// </summary>
/// <param name="Command">the command byte (bit 0 set: a read)</param>
/// <param name="Data">the data bytes, in order</param>
/// <param name="ByteCount">bytes transferred; <paramref name="Data"/> keeps the first <see cref="Ds1302.TransferBytesKept"/> of them</param>
/// <param name="Cycle">the machine cycle CE fell</param>
public sealed record Ds1302Transfer(byte Command, byte[] Data, int ByteCount, long Cycle)
{
    /// <summary>Whether the command asked to read.</summary>
    public bool IsRead => (Command & 1) != 0;
}

/// <summary>
/// Pin-level model of the Maxim DS1302 trickle-charge timekeeper (facts: shared/reference/ds1302.md).
/// The board calls <see cref="SetCe"/>, <see cref="SetSclk"/> and <see cref="SetIo"/> with the resolved
/// wire levels and the machine cycle of each change; the chip answers through <see cref="IoDrive"/> and
/// <see cref="IoDriveChanged"/>. Time is computed lazily from machine cycles and the chip's own
/// 32.768 kHz oscillator, so nothing runs per CPU cycle. Timing violations go to <see cref="Diagnostics"/>.
/// </summary>
public sealed class Ds1302
{
    /// <summary>Bytes of battery-backed RAM.</summary>
    public const int RamSize = 31;
    /// <summary>Clock registers: seconds, minutes, hour, date, month, weekday, year, control.</summary>
    public const int ClockRegisterCount = 8; // seconds … year, then control: the clock-burst set
    /// <summary>Data bytes of one CE window kept for <see cref="Transferred"/>: a whole RAM burst and then some.</summary>
    public const int TransferBytesKept = 32;

    /// <summary>The watch crystal the chip is made for; its divider counts this many ticks a second.</summary>
    public const int NominalCrystalHz = 32_768;
    private const int TicksPerSecond = NominalCrystalHz;

    private const int SecondsIndex = 0, HourIndex = 2, DateIndex = 3, MonthIndex = 4, DayIndex = 5, YearIndex = 6;
    private const int ControlAddress = 7, TrickleAddress = 8, BurstAddress = 31;
    private const byte ClockHalt = 0x80, WriteProtect = 0x80, TwelveHour = 0x80, Pm = 0x20;
    private const int SecondsPerDay = 86_400;

    // Bits that exist in each time register; the rest read back as 0.
    private static ReadOnlySpan<byte> RegisterMasks => [0xFF, 0x7F, 0xBF, 0x3F, 0x1F, 0x07, 0xFF];

    private readonly MachineClock _clock;
    private readonly Diagnostics _diagnostics;
    private readonly Timing _timing;
    private readonly long _crystalMicrohertz;

    // Time counters, valid at _timeCycle, with _subsecondTicks oscillator ticks into the current second.
    private readonly byte[] _time = new byte[7];
    private long _timeCycle;
    private long _subsecondTicks;
    private byte _control;
    private byte _trickle;
    private readonly byte[] _ram = new byte[RamSize];

    // Wire levels and edge times.
    private bool _ce, _sclk, _io;
    private long _ceRoseCycle = long.MinValue, _ceFellCycle = long.MinValue;
    private long _sclkRoseCycle = long.MinValue, _sclkFellCycle = long.MinValue;
    private bool _clockedSinceCeRose;
    private bool _ceHighSincePowerUp;
    private bool _reportedContention;

    // Transfer state of the current CE window.
    private Phase _phase;
    private int _bitCount;
    private byte _shift;
    private bool _ramSpace, _burst;
    private int _address;       // register index within the space; for bursts the running index
    private byte _outputByte;
    private int _outputBit;
    private int _ignoredEdges;
    private readonly byte[] _userBuffer = new byte[ClockRegisterCount]; // synchronised on CE rise
    private readonly byte[] _burstWrite = new byte[ClockRegisterCount];
    private int _burstWriteCount;
    private int _pendingRegister = -1; // single clock-register write, transferred on CE fall
    private byte _pendingValue;

    // What the current CE window carried, gathered only while someone listens to Transferred.
    private int _transferCommand = -1;
    private readonly byte[] _transferBytes = new byte[TransferBytesKept];
    private int _transferCount;

    /// <summary>A chip at its first power-up, as <paramref name="options"/> describe.</summary>
    /// <param name="clock">The board's crystal: pin edges arrive in its machine cycles.</param>
    /// <param name="diagnostics">Where timing violations go.</param>
    /// <param name="options">Supply, oscillator and first-power state (default: 5 V, 32.768 kHz, halted, write-protected).</param>
    public Ds1302(MachineClock clock, Diagnostics diagnostics, Ds1302Options? options = null)
    {
        _clock = clock;
        _diagnostics = diagnostics;
        Options = options ?? new Ds1302Options();
        if (!(Options.CrystalHz > 0 && Options.CrystalHz < 1e9)) throw new ArgumentOutOfRangeException(nameof(options), Options.CrystalHz, "DS1302 crystal frequency must be positive (nominally 32 768 Hz)");
        _crystalMicrohertz = (long)Math.Round(Options.CrystalHz * 1e6);
        _timing = Options.Supply == Ds1302Supply.FiveVolts ? Timing.FiveVolts : Timing.TwoVolts;
        _time[SecondsIndex] = Options.FirstPowerClockHalted ? ClockHalt : (byte)0;
        _time[DateIndex] = 0x01;
        _time[MonthIndex] = 0x01;
        _time[DayIndex] = 0x01;
        _control = Options.FirstPowerWriteProtected ? WriteProtect : (byte)0;
        _ram.AsSpan().Fill(Options.FirstPowerRamFill);
    }

    /// <summary>How this chip was built.</summary>
    public Ds1302Options Options { get; }

    /// <summary>What the chip does to its IO pin right now.</summary>
    public PinDrive IoDrive { get; private set; }

    /// <summary>Raised with the cycle whenever <see cref="IoDrive"/> changes, so the board can re-resolve the IO wire.</summary>
    public event Action<long>? IoDriveChanged;

    /// <summary>
    /// Raised when CE falls after a command byte, with what the window carried. Nothing is gathered
    /// while nobody listens, so a board without a bus decoder pays nothing for it.
    /// </summary>
    public event Action<Ds1302Transfer>? Transferred;

    /// <summary>The 31 bytes of battery-backed RAM.</summary>
    public ReadOnlySpan<byte> Ram => _ram;

    /// <summary>Sets a RAM byte directly, as if the battery had kept it (no pins, no WP check).</summary>
    public void SetRam(int address, byte value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)address, (uint)RamSize, nameof(address));
        _ram[address] = value;
    }

    /// <summary>Whether the control register's write-protect bit is set.</summary>
    public bool IsWriteProtected => (_control & WriteProtect) != 0;

    /// <summary>Sets or clears WP directly, as if the battery had kept it (no pins).</summary>
    public void SetWriteProtect(bool writeProtected) => _control = writeProtected ? WriteProtect : (byte)0;

    /// <summary>
    /// Called by the board once the pins carry their power-up levels. CE is then often already high:
    /// an 8051 port pin idles high after reset, and its weak pull-up beats the chip's 40 kΩ
    /// pull-down. A transfer clocked in before CE has been low is one without a CE rising edge.
    /// </summary>
    public void PowerUpLevelsSettled() => _ceHighSincePowerUp = _ce;

    /// <summary>The trickle-charge register, decoded.</summary>
    public Ds1302TrickleCharger TrickleCharger => new(_trickle);

    // ---------------------------------------------------------------- pins

    /// <summary>The CE (RST) wire changed level at <paramref name="cycle"/>: a rise starts a transfer, a fall ends it.</summary>
    public void SetCe(bool level, long cycle)
    {
        if (level == _ce) return;
        _ce = level;
        if (level) OnCeRose(cycle);
        else OnCeFell(cycle);
    }

    /// <summary>The SCLK wire changed level at <paramref name="cycle"/>: input bits are taken on the rising edge, output bits change on the falling edge.</summary>
    public void SetSclk(bool level, long cycle)
    {
        if (level == _sclk) return;
        _sclk = level;
        if (!_ce) return; // other chips share SCLK; the DS1302 ignores it while CE is low
        if (level) OnSclkRose(cycle);
        else OnSclkFell(cycle);
    }

    /// <summary>The resolved IO wire level (including what the chip itself drives); sampled on SCLK rising edges.</summary>
    public void SetIo(bool level, long cycle) => _io = level;

    private void OnCeRose(long cycle)
    {
        if (_ceFellCycle != long.MinValue)
            CheckMinimum("tCWH", _ceFellCycle, cycle, _timing.CeInactiveNs, "CE inactive time");
        if (_sclk)
            Report("CE rise", cycle, "SCLK must be low when CE goes high", DiagnosticSeverity.Warning);
        _ceRoseCycle = cycle;
        _clockedSinceCeRose = false;
        _ceHighSincePowerUp = false;
        _reportedContention = false;
        AdvanceTo(cycle);
        _time.CopyTo(_userBuffer, 0);
        _userBuffer[ControlAddress] = _control;
        _phase = Phase.Command;
        _bitCount = 0;
        _shift = 0;
        _burstWriteCount = 0;
        _pendingRegister = -1;
        _ignoredEdges = 0;
        _transferCommand = -1;
        _transferCount = 0;
    }

    private void OnCeFell(long cycle)
    {
        long lastClockEdge = Math.Max(_sclkRoseCycle, _sclkFellCycle);
        if (_clockedSinceCeRose && lastClockEdge >= _ceRoseCycle)
            CheckMinimum("tCCH", lastClockEdge, cycle, _timing.ClockToCeHoldNs, "SCLK to CE hold");
        _ceFellCycle = cycle;
        if (_phase is Phase.Command or Phase.WriteData && _bitCount > 0)
            Report("protocol", cycle, $"CE fell after {_bitCount} of 8 bits of a byte; the byte is lost", DiagnosticSeverity.Warning);

        if (_pendingRegister >= 0)
        {
            AdvanceTo(cycle);
            CheckBcd(_pendingRegister, _pendingValue, cycle);
            WriteTimeRegister(_pendingRegister, _pendingValue, cycle);
        }
        else if (_phase == Phase.WriteData && _burst && !_ramSpace)
        {
            CommitClockBurst(cycle);
        }
        _pendingRegister = -1;
        _phase = Phase.Idle;
        Drive(PinDrive.None, cycle);
        if (Transferred is { } observer && _transferCommand >= 0)
            observer(new Ds1302Transfer((byte)_transferCommand, _transferBytes.AsSpan(0, Math.Min(_transferCount, TransferBytesKept)).ToArray(), _transferCount, cycle));
    }

    private void KeepTransferred(byte value)
    {
        if (Transferred is null) return;
        if (_transferCount < TransferBytesKept) _transferBytes[_transferCount] = value;
        _transferCount++;
    }

    private void OnSclkRose(long cycle)
    {
        if (_ceHighSincePowerUp)
        {
            _ceHighSincePowerUp = false;
            Report("CE", cycle, "a transfer starts with CE high since power-up, without a CE rising edge (port pins idle high after reset): "
                + "the datasheet starts a transfer only on CE rising; take CE low, then high, before the command", DiagnosticSeverity.Warning);
        }
        if (_phase == Phase.Read && IoDrive == PinDrive.High && !_io && !_reportedContention)
        {
            _reportedContention = true;
            Report("IO", cycle, "IO held low by the MCU while the chip sends a 1: a new command clocked in without CE falling and rising, "
                + "or the port latch left at 0 during a read (the chip keeps sending while CE stays high)", DiagnosticSeverity.Warning);
        }
        if (!_clockedSinceCeRose)
        {
            CheckMinimum("tCC", _ceRoseCycle, cycle, _timing.CeToClockSetupNs, "CE to SCLK setup");
            _clockedSinceCeRose = true;
        }
        else
        {
            if (_sclkFellCycle >= _ceRoseCycle)
                CheckMinimum("tCL", _sclkFellCycle, cycle, _timing.ClockLowNs, "SCLK low time");
            if (_sclkRoseCycle >= _ceRoseCycle)
                CheckMinimum("fCLK", _sclkRoseCycle, cycle, _timing.ClockPeriodNs, "SCLK period (maximum clock frequency)");
        }
        _sclkRoseCycle = cycle;
        Drive(PinDrive.None, cycle); // the chip releases IO at each rising edge (tCCZ)

        switch (_phase)
        {
            case Phase.Command:
                if (ShiftIn()) DecodeCommand(_shift, cycle);
                break;
            case Phase.WriteData:
                if (ShiftIn()) StoreWrittenByte(_shift, cycle);
                break;
            case Phase.IgnoreAfterWrite:
                if (++_ignoredEdges == 8)
                    Report("protocol", cycle, "a further byte in the same CE window after a single-byte write is ignored (drop CE between commands)", DiagnosticSeverity.Warning);
                break;
        }
    }

    private void OnSclkFell(long cycle)
    {
        if (_sclkRoseCycle >= _ceRoseCycle && _clockedSinceCeRose)
            CheckMinimum("tCH", _sclkRoseCycle, cycle, _timing.ClockHighNs, "SCLK high time");
        _sclkFellCycle = cycle;
        if (_phase != Phase.Read) return;

        Drive((_outputByte >> _outputBit & 1) != 0 ? PinDrive.High : PinDrive.Low, cycle);
        if (++_outputBit < 8) return;
        _outputBit = 0;
        KeepTransferred(_outputByte);
        // Extra clocks keep the data coming: a single read re-transmits its byte, a burst moves on and wraps.
        if (_burst)
        {
            _address = (_address + 1) % (_ramSpace ? RamSize : ClockRegisterCount);
            _outputByte = ReadRegister(_address);
        }
    }

    private bool ShiftIn()
    {
        if (_io) _shift |= (byte)(1 << _bitCount);
        if (++_bitCount < 8) return false;
        _bitCount = 0;
        return true;
    }

    private void DecodeCommand(byte command, long cycle)
    {
        byte received = command;
        _shift = 0;
        if (Transferred is not null) _transferCommand = received;
        if ((received & 0x80) == 0)
        {
            Report("command", cycle, $"command byte {received:X2} has bit 7 clear; the chip ignores this CE window", DiagnosticSeverity.Warning);
            _phase = Phase.Ignore;
            return;
        }
        _ramSpace = (received & 0x40) != 0;
        int address = received >> 1 & 0x1F;
        _burst = address == BurstAddress;
        _address = _burst ? 0 : address;
        if ((received & 1) != 0)
        {
            _phase = Phase.Read;
            _outputBit = 0;
            _outputByte = ReadRegister(_address);
        }
        else
        {
            _phase = Phase.WriteData;
        }
    }

    private byte ReadRegister(int address)
    {
        if (_ramSpace) return _ram[address];
        return address switch
        {
            < ClockRegisterCount => _userBuffer[address],
            TrickleAddress => _trickle,
            _ => 0x00, // nothing is stored at clock addresses 9–30
        };
    }

    private void StoreWrittenByte(byte value, long cycle)
    {
        _shift = 0;
        KeepTransferred(value);
        if (_burst)
        {
            StoreBurstByte(value, cycle);
            return;
        }
        _phase = Phase.IgnoreAfterWrite;
        if (!_ramSpace && _address == ControlAddress)
        {
            _control = (byte)(value & WriteProtect); // always writable, so WP can be cleared
            return;
        }
        if (IsWriteProtected)
        {
            Report("WP", cycle, $"write of {value:X2} to {(_ramSpace ? "RAM" : "clock")} address {_address} ignored: write protect is set", DiagnosticSeverity.Warning);
            return;
        }
        if (_ramSpace) _ram[_address] = value;
        else if (_address < ControlAddress) { _pendingRegister = _address; _pendingValue = value; }
        else if (_address == TrickleAddress) _trickle = value;
        else Report("address", cycle, $"write to clock address {_address}: nothing is stored there", DiagnosticSeverity.Warning);
    }

    private void StoreBurstByte(byte value, long cycle)
    {
        if (_ramSpace)
        {
            // RAM-burst bytes transfer as they arrive, so partial bursts are fine.
            if (_address >= RamSize) return;
            if (IsWriteProtected)
            {
                if (_address == 0)
                    Report("WP", cycle, "RAM burst write ignored: write protect is set", DiagnosticSeverity.Warning);
            }
            else _ram[_address] = value;
            _address++;
            return;
        }
        if (_burstWriteCount < ClockRegisterCount) _burstWrite[_burstWriteCount++] = value;
    }

    private void CommitClockBurst(long cycle)
    {
        if (_burstWriteCount < ClockRegisterCount)
        {
            Report("burst", cycle, $"clock burst write with {_burstWriteCount} of 8 bytes: nothing transferred", DiagnosticSeverity.Warning);
            return;
        }
        if (IsWriteProtected)
        {
            Report("WP", cycle, "clock burst write ignored (control register included): write protect is set", DiagnosticSeverity.Warning);
            return;
        }
        AdvanceTo(cycle);
        for (int i = 0; i < ControlAddress; i++)
        {
            CheckBcd(i, _burstWrite[i], cycle);
            WriteTimeRegister(i, _burstWrite[i], cycle);
        }
        _control = (byte)(_burstWrite[ControlAddress] & WriteProtect);
    }

    private void WriteTimeRegister(int index, byte value, long cycle)
    {
        _time[index] = (byte)(value & RegisterMasks[index]);
        // Writing seconds restarts the countdown chain: the next second is a full second away.
        if (index == SecondsIndex) _subsecondTicks = 0;
        _timeCycle = Math.Max(_timeCycle, cycle);
    }

    private void Drive(PinDrive drive, long cycle)
    {
        if (IoDrive == drive) return;
        IoDrive = drive;
        IoDriveChanged?.Invoke(cycle);
    }

    // ---------------------------------------------------------------- time

    /// <summary>Time and control registers (seconds … year, control) as the chip holds them at <paramref name="cycle"/>.</summary>
    public byte[] ReadClockRegisters(long cycle)
    {
        AdvanceTo(cycle);
        var registers = new byte[ClockRegisterCount];
        _time.CopyTo(registers, 0);
        registers[ControlAddress] = _control;
        return registers;
    }

    /// <summary>Sets the counters directly, as if the battery had kept them (no pins, no WP check).</summary>
    public void SetClockRegisters(ReadOnlySpan<byte> secondsToYear, long cycle)
    {
        if (secondsToYear.Length != 7) throw new ArgumentException("expected 7 registers: seconds, minutes, hour, date, month, day, year", nameof(secondsToYear));
        AdvanceTo(cycle);
        for (int i = 0; i < 7; i++) WriteTimeRegister(i, secondsToYear[i], cycle);
        // As if the battery had kept them: a CE window open since power-up, not yet clocked, sees them.
        if (_ce && !_clockedSinceCeRose) _time.CopyTo(_userBuffer, 0);
    }

    /// <summary>
    /// Sets a running clock to <paramref name="time"/> (years 2000–2099). The day register gets
    /// <paramref name="dayOfWeek"/> (user-defined 1–7), by default ISO: Monday = 1 … Sunday = 7.
    /// </summary>
    public void SetDateTime(DateTime time, long cycle, bool twelveHour = false, int? dayOfWeek = null)
    {
        if (time.Year is < 2000 or > 2099) throw new ArgumentOutOfRangeException(nameof(time), time, "the DS1302 holds years 2000–2099");
        int day = dayOfWeek ?? (time.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)time.DayOfWeek);
        if (day is < 1 or > 7) throw new ArgumentOutOfRangeException(nameof(dayOfWeek), day, "day register holds 1–7");
        byte hour = twelveHour
            ? (byte)(TwelveHour | (time.Hour >= 12 ? Pm : 0) | ToBcd(time.Hour % 12 == 0 ? 12 : time.Hour % 12))
            : ToBcd(time.Hour);
        SetClockRegisters([ToBcd(time.Second), ToBcd(time.Minute), hour, ToBcd(time.Day), ToBcd(time.Month), (byte)day, ToBcd(time.Year - 2000)], cycle);
    }

    /// <summary>The clock as a date and time, or null when the registers hold no valid date (e.g. never set).</summary>
    public DateTime? GetDateTime(long cycle)
    {
        AdvanceTo(cycle);
        if (!TimeOfDayIsValid()) return null;
        int hour = HourOfDay(_time[HourIndex]);
        int year = 2000 + FromBcd(_time[YearIndex]);
        int month = FromBcd(_time[MonthIndex]);
        int date = FromBcd(_time[DateIndex]);
        if (month is < 1 or > 12 || date < 1 || date > DateTime.DaysInMonth(year, month)) return null;
        return new DateTime(year, month, date, hour, FromBcd(_time[1]), FromBcd((byte)(_time[SecondsIndex] & 0x7F)));
    }

    /// <summary>Whether the clock-halt bit (seconds register bit 7) stops the oscillator.</summary>
    public bool IsHalted => (_time[SecondsIndex] & ClockHalt) != 0;

    /// <summary>
    /// Lets the oscillator run for <paramref name="elapsed"/> outside the emulation, e.g. the time a saved
    /// board spent switched off; the caller decides how long that was.
    /// </summary>
    public void AdvanceWhileUnpowered(TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        if (IsHalted) return;
        Int128 ticks = (Int128)elapsed.Ticks * _crystalMicrohertz / (TimeSpan.TicksPerSecond * 1_000_000L);
        AddOscillatorTicks(ticks);
    }

    private void AdvanceTo(long cycle)
    {
        if (cycle <= _timeCycle) return;
        if (!IsHalted)
            AddOscillatorTicks(OscillatorTicksAt(cycle) - OscillatorTicksAt(_timeCycle));
        _timeCycle = cycle;
    }

    private Int128 OscillatorTicksAt(long cycle) => (Int128)_clock.ToNanoseconds(cycle) * _crystalMicrohertz / 1_000_000_000_000_000;

    private void AddOscillatorTicks(Int128 ticks)
    {
        Int128 total = _subsecondTicks + ticks;
        _subsecondTicks = (long)(total % TicksPerSecond);
        long seconds = (long)(total / TicksPerSecond);
        while (seconds >= SecondsPerDay && TimeOfDayIsValid())
        {
            IncrementDate(); // a whole day leaves a valid time of day unchanged and crosses one midnight
            seconds -= SecondsPerDay;
        }
        for (; seconds > 0; seconds--) TickOneSecond();
    }

    private void TickOneSecond()
    {
        byte seconds = IncrementBcd((byte)(_time[SecondsIndex] & 0x7F));
        if (seconds < 0x60) { _time[SecondsIndex] = seconds; return; }
        _time[SecondsIndex] = 0;
        byte minutes = IncrementBcd(_time[1]);
        if (minutes < 0x60) { _time[1] = minutes; return; }
        _time[1] = 0;

        byte hour = _time[HourIndex];
        if ((hour & TwelveHour) != 0)
        {
            int pm = hour & Pm;
            int hours = hour & 0x1F;
            bool midnight = false;
            if (hours == 0x11)
            {
                hours = 0x12;
                midnight = pm != 0; // 11:59:59 PM → 12:00:00 AM
                pm ^= Pm;
            }
            else if (hours >= 0x12) hours = 0x01;
            else hours = IncrementBcd((byte)hours);
            _time[HourIndex] = (byte)(TwelveHour | pm | hours);
            if (midnight) IncrementDate();
        }
        else
        {
            byte hours = IncrementBcd((byte)(hour & 0x3F));
            if (hours < 0x24) { _time[HourIndex] = hours; return; }
            _time[HourIndex] = 0;
            IncrementDate();
        }
    }

    private void IncrementDate()
    {
        _time[DayIndex] = (byte)(_time[DayIndex] % 7 + 1);
        int month = FromBcd(_time[MonthIndex]);
        int year = FromBcd(_time[YearIndex]);
        int date = FromBcd(_time[DateIndex]) + 1;
        if (date <= DaysInMonth(month, year)) { _time[DateIndex] = ToBcd(date); return; }
        _time[DateIndex] = 0x01;
        if (++month <= 12) { _time[MonthIndex] = ToBcd(month); return; }
        _time[MonthIndex] = 0x01;
        _time[YearIndex] = ToBcd((year + 1) % 100);
    }

    // Leap years every four years: right for 2000–2099, which is the chip's range.
    private static int DaysInMonth(int month, int year) => month switch
    {
        2 => year % 4 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private bool TimeOfDayIsValid()
    {
        byte seconds = (byte)(_time[SecondsIndex] & 0x7F);
        if (!IsBcd(seconds) || seconds >= 0x60 || !IsBcd(_time[1]) || _time[1] >= 0x60) return false;
        byte hour = _time[HourIndex];
        if ((hour & TwelveHour) != 0)
        {
            byte hours = (byte)(hour & 0x1F);
            return IsBcd(hours) && hours is >= 0x01 and <= 0x12;
        }
        return IsBcd((byte)(hour & 0x3F)) && (hour & 0x3F) < 0x24;
    }

    private static int HourOfDay(byte hour)
    {
        if ((hour & TwelveHour) == 0) return FromBcd((byte)(hour & 0x3F));
        int hours = FromBcd((byte)(hour & 0x1F)) % 12;
        return (hour & Pm) != 0 ? hours + 12 : hours;
    }

    private static bool IsBcd(byte value) => (value & 0x0F) <= 9 && (value >> 4) <= 9;
    private static byte IncrementBcd(byte value) => (value & 0x0F) >= 9 ? (byte)((value & 0xF0) + 0x10) : (byte)(value + 1);
    private static int FromBcd(byte value) => (value >> 4) * 10 + (value & 0x0F);
    private static byte ToBcd(int value) => (byte)(value / 10 << 4 | value % 10);

    // ---------------------------------------------------------------- battery

    /// <summary>Everything the coin cell keeps, as of <paramref name="cycle"/>.</summary>
    public Ds1302Battery CaptureBattery(long cycle)
    {
        AdvanceTo(cycle);
        var registers = new byte[ClockRegisterCount];
        _time.CopyTo(registers, 0);
        registers[ControlAddress] = _control;
        return new Ds1302Battery(registers, _trickle, _ram.ToArray(), _subsecondTicks);
    }

    /// <summary>Restores what the coin cell kept; the clock continues from there at <paramref name="cycle"/>.</summary>
    public void RestoreBattery(Ds1302Battery state, long cycle)
    {
        if (state.ClockRegisters.Length != ClockRegisterCount || state.Ram.Length != RamSize)
            throw new ArgumentException($"battery state needs {ClockRegisterCount} clock registers and {RamSize} RAM bytes", nameof(state));
        if (state.SubsecondTicks < 0 || state.SubsecondTicks >= TicksPerSecond)
            throw new ArgumentException($"sub-second count {state.SubsecondTicks} is outside 0–{TicksPerSecond - 1}", nameof(state));
        state.ClockRegisters.AsSpan(0, 7).CopyTo(_time);
        for (int i = 0; i < 7; i++) _time[i] &= RegisterMasks[i];
        _control = (byte)(state.ClockRegisters[ControlAddress] & WriteProtect);
        _trickle = state.Trickle;
        state.Ram.CopyTo(_ram, 0);
        _subsecondTicks = state.SubsecondTicks;
        _timeCycle = cycle;
    }

    // ---------------------------------------------------------------- diagnostics

    private static readonly string[] RegisterNames = ["seconds", "minutes", "hour", "date", "month", "day", "year"];

    /// <summary>Reports a time register written through the pins with a value that is not BCD in the register's range.</summary>
    private void CheckBcd(int index, byte value, long cycle)
    {
        byte kept = (byte)(value & RegisterMasks[index]);
        bool valid = index switch
        {
            SecondsIndex => IsBcdIn((byte)(kept & 0x7F), 0x00, 0x59),
            1 => IsBcdIn(kept, 0x00, 0x59),
            HourIndex => (kept & TwelveHour) != 0 ? IsBcdIn((byte)(kept & 0x1F), 0x01, 0x12) : IsBcdIn((byte)(kept & 0x3F), 0x00, 0x23),
            DateIndex => IsBcdIn(kept, 0x01, 0x31),
            MonthIndex => IsBcdIn(kept, 0x01, 0x12),
            DayIndex => kept is >= 1 and <= 7,
            _ => IsBcdIn(kept, 0x00, 0x99),
        };
        if (valid) return;
        Report("BCD", cycle, $"{RegisterNames[index]} register written with {value:X2}, not a BCD value in its range: the chip stores {kept:X2} "
            + "(bits the register lacks read 0) and counts on from it; the datasheet defines only BCD, this model rolls the register over at its next increment "
            + "and the date read back is not a valid one until then", DiagnosticSeverity.Warning);
    }

    private static bool IsBcdIn(byte value, byte lowest, byte highest) => IsBcd(value) && value >= lowest && value <= highest;

    private void CheckMinimum(string rule, long fromCycle, long toCycle, long minimumNs, string parameter)
    {
        if (_clock.SurelyApart(fromCycle, toCycle, minimumNs)) return;
        long actual = _clock.ToNanoseconds(toCycle) - _clock.ToNanoseconds(fromCycle);
        if (actual >= minimumNs) return;
        Report(rule, toCycle, $"{parameter} {actual} ns < {minimumNs} ns minimum at {(_timing == Timing.FiveVolts ? "5 V" : "2 V")}", DiagnosticSeverity.Error);
    }

    private void Report(string rule, long cycle, string detail, DiagnosticSeverity severity) =>
        _diagnostics.Report(Options.Name, rule, cycle, _clock.ToTimeSpan(cycle), detail, severity);

    private enum Phase : byte
    {
        Idle,
        Command,
        WriteData,
        Read,
        IgnoreAfterWrite,
        Ignore,
    }

    private sealed record Timing(long CeToClockSetupNs, long CeInactiveNs, long ClockLowNs, long ClockHighNs, long ClockPeriodNs, long ClockToCeHoldNs)
    {
        // Datasheet AC table: tCC, tCWH, tCL, tCH, 1/fCLK, tCCH.
        public static readonly Timing FiveVolts = new(1_000, 1_000, 250, 250, 500, 60);
        public static readonly Timing TwoVolts = new(4_000, 4_000, 1_000, 1_000, 2_000, 240);
    }
}
