using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Chips;

/// <summary>How a DS18B20 is built and what its EEPROM holds at first power.</summary>
public sealed record Ds18b20Options
{
    /// <summary>The sensor's name on the board, used in diagnostics.</summary>
    public string Name { get; init; } = "DS18B20";

    /// <summary>The 48-bit serial number of the ROM code (family 28h and the CRC are added).</summary>
    public ulong SerialNumber { get; init; } = 0x0000_0000_0001;

    /// <summary>The temperature around the sensor, °C (−55 … +125).</summary>
    public double Temperature { get; init; } = 25.0;

    /// <summary>
    /// EEPROM contents at first power: TH, TL and the configuration register. The datasheet gives no
    /// factory values; 4Bh/46h/7Fh (75 °C, 70 °C, 12 bits) are what new sensors commonly read.
    /// </summary>
    public byte AlarmHigh { get; init; } = 0x4B;
    /// <summary>TL at first power (see <see cref="AlarmHigh"/>).</summary>
    public byte AlarmLow { get; init; } = 0x46;
    /// <summary>The configuration register at first power (see <see cref="AlarmHigh"/>): 7Fh = 12 bits.</summary>
    public byte Configuration { get; init; } = 0x7F;

    /// <summary>Powered from DQ only (VDD grounded): READ POWER SUPPLY answers 0 instead of 1.</summary>
    public bool ParasitePower { get; init; }
}

/// <summary>
/// Pin-level model of the Maxim DS18B20 1-Wire thermometer (facts: the DS18B20 datasheet, rev. 042208:
/// Table 1, the ROM and function command sections, the AC characteristics and Figures 13–14).
/// The board calls <see cref="SetDq"/> with the resolved wire level and the machine cycle of each
/// change; the sensor pulls the wire low through <see cref="DqDrive"/> / <see cref="DqDriveChanged"/>
/// and schedules the end of its own pulses (presence, a read-0 bit) through the board's scheduler.
/// Every slot is timed from its falling edge; violations go to <see cref="Diagnostics"/> with the
/// datasheet parameter as the rule. Slot classification by the time the wire stayed low:
/// ≥ 480 µs a reset; otherwise a slot whose bit the sensor samples 30 µs after the falling edge
/// (the typical point of its 15–60 µs window). A 0 the sensor sends is held exactly tRDV = 15 µs,
/// the guaranteed window, so a master that samples later reads 1.
/// </summary>
public sealed class Ds18b20
{
    /// <summary>The family code that starts every DS18B20's ROM code.</summary>
    public const byte FamilyCode = 0x28;
    /// <summary>Bytes of scratchpad, CRC included.</summary>
    public const int ScratchpadSize = 9;
    /// <summary>The temperature register at power-up: +85 °C.</summary>
    public const ushort PowerOnTemperatureRegister = 0x0550;

    // Datasheet AC characteristics, in microseconds.
    private const double ResetLowMin = 480, ResetLowParasiteMax = 960, ResetHighMin = 480;
    private const double PresenceWait = 30, PresenceLow = 120;          // tPDHIGH 15–60, tPDLOW 60–240
    private const double SlotMin = 60, RecoveryMin = 1, WriteOneLowMin = 1, WriteOneLowMax = 15;
    private const double WriteZeroLowMin = 60, WriteZeroLowMax = 120, SamplePoint = 30, ReadDataValid = 15;
    private static readonly double[] ConversionMilliseconds = [93.75, 187.5, 375, 750];
    private const double EepromWriteMilliseconds = 10;                  // tWR

    private readonly MachineClock _clock;
    private readonly Diagnostics _diagnostics;
    private readonly Action<long, Action<long>> _schedule;
    // Pulses the sensor has scheduled, with the epoch they belong to. Each kind is scheduled in the
    // order of the wire's events and at nondecreasing cycles, so it comes due in that order too: one
    // delegate per kind takes the oldest, and a slot or a reset allocates nothing.
    private readonly Action<long> _releaseReadZero, _startPresence, _endPresence;
    private readonly Queue<(long Cycle, int Epoch)> _pendingReleases = new(), _pendingPresenceStarts = new(), _pendingPresenceEnds = new();
    private readonly byte[] _rom = new byte[8];
    private readonly byte[] _scratchpad = new byte[ScratchpadSize];
    private readonly byte[] _eeprom = new byte[3];
    private double _temperature;
    private bool _present = true;
    private bool _alarm;

    // The wire.
    private bool _line = true;
    private bool _driving;
    private int _epoch;                 // bumped at every reset/removal: stale scheduled pulses end silently
    private long _fellCycle = long.MinValue, _roseCycle = long.MinValue;
    private long _resetRoseCycle = long.MinValue, _lastSlotCycle = long.MinValue;
    private bool _lowCounted;           // the current low period began as a slot (or a reset) the sensor saw
    private bool _slotIsRead, _slotBit;
    private bool _inPresence;

    // The transaction.
    private Step _step = Step.Idle;
    private int _bit;                   // bits done in the current step
    private ulong _shift;
    private byte _command;
    private bool _searchBit;
    private long _busyUntilCycle = long.MinValue;
    private long _conversionDoneCycle = long.MinValue;
    private ushort _convertedRegister;

    private enum Step
    {
        Idle,               // waits for a reset; slots pass unseen
        RomCommand,
        MatchRom,
        ReadRom,
        SearchSend,         // own bit, then its complement (_bit counts pairs, _searchBit the half)
        SearchReceive,
        FunctionCommand,
        WriteScratchpad,
        ReadScratchpad,
        Status,             // read slots after 44h/48h/B8h/B4h
    }

    /// <summary>A sensor at first power, in its socket.</summary>
    /// <param name="clock">The board's crystal: wire edges arrive in its machine cycles.</param>
    /// <param name="diagnostics">Where timing violations go.</param>
    /// <param name="options">Serial number, temperature and EEPROM contents.</param>
    /// <param name="schedule">Runs an action at a machine cycle (the board's event queue): the ends of the sensor's own pulses.</param>
    public Ds18b20(MachineClock clock, Diagnostics diagnostics, Ds18b20Options options, Action<long, Action<long>> schedule)
    {
        _clock = clock;
        _diagnostics = diagnostics;
        _schedule = schedule;
        _releaseReadZero = ReleaseReadZero;
        _startPresence = StartPresence;
        _endPresence = EndPresence;
        Options = options;
        ulong serial = options.SerialNumber & 0xFFFF_FFFF_FFFF;
        _rom[0] = FamilyCode;
        for (int i = 0; i < 6; i++) _rom[1 + i] = (byte)(serial >> (8 * i));
        _rom[7] = Crc8(_rom.AsSpan(0, 7));
        _eeprom[0] = options.AlarmHigh;
        _eeprom[1] = options.AlarmLow;
        _eeprom[2] = options.Configuration;
        Temperature = options.Temperature;
        PowerOn();
    }

    /// <summary>How this sensor was built.</summary>
    public Ds18b20Options Options { get; }

    /// <summary>The 64-bit ROM code as sent on the wire: family code first, CRC last.</summary>
    public ReadOnlySpan<byte> RomCode => _rom;

    /// <summary>The ROM code as one little-endian number.</summary>
    public ulong RomCodeValue => BitConverter.ToUInt64(_rom);

    /// <summary>The TH, TL and configuration bytes in EEPROM.</summary>
    public ReadOnlySpan<byte> Eeprom => _eeprom;

    /// <summary>What the sensor does to DQ right now: pulls it low or lets go.</summary>
    public PinDrive DqDrive => _driving ? PinDrive.Low : PinDrive.None;

    /// <summary>Raised when the sensor starts or stops pulling DQ low; the board re-resolves the wire.</summary>
    public event Action<long>? DqDriveChanged;

    /// <summary>The temperature around the sensor, °C; the next conversion measures it.</summary>
    public double Temperature
    {
        get => _temperature;
        set
        {
            if (!IsValidTemperature(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "the DS18B20 measures −55 … +125 °C");
            _temperature = value;
        }
    }

    /// <summary>Whether the sensor can measure <paramref name="celsius"/> (−55 … +125 °C).</summary>
    public static bool IsValidTemperature(double celsius) => celsius is >= -55 and <= 125;

    /// <summary>Plugged into its socket. Pulled out, it releases the wire and hears nothing; plugged back, it powers up afresh.</summary>
    public bool Present => _present;

    /// <summary>Pulls the sensor out of its socket at <paramref name="cycle"/>.</summary>
    public void Remove(long cycle)
    {
        if (!_present) return;
        _present = false;
        _epoch++;
        _step = Step.Idle;
        SetDrive(false, cycle);
    }

    /// <param name="line">the wire's level at this moment</param>
    /// <param name="cycle">the machine cycle it is plugged in</param>
    public void Insert(bool line, long cycle)
    {
        if (_present) return;
        _present = true;
        PowerOn();
        _line = line;
        _roseCycle = cycle;
    }

    /// <summary>
    /// After the board's power cycle: the surroundings (temperature, whether the sensor is plugged in)
    /// and the EEPROM are what the previous power-on left; the scratchpad starts from EEPROM and 85 °C.
    /// </summary>
    public void CarryOverFrom(Ds18b20 previous, long cycle)
    {
        _temperature = previous._temperature;
        previous._eeprom.CopyTo(_eeprom, 0);
        PowerOn();
        if (!previous._present) Remove(cycle);
    }

    /// <summary>The scratchpad as READ SCRATCHPAD would send it at <paramref name="cycle"/> (CRC included).</summary>
    public byte[] Scratchpad(long cycle)
    {
        Update(cycle);
        return [.. _scratchpad];
    }

    /// <summary>Whether the last conversion lies outside TL … TH (ALARM SEARCH would find it).</summary>
    public bool AlarmFlag(long cycle)
    {
        Update(cycle);
        return _alarm;
    }

    /// <summary>The conversion resolution the configuration register selects: 9–12 bits.</summary>
    public int ResolutionBits => 9 + (_scratchpad[4] >> 5 & 3);

    /// <summary>
    /// The temperature register for <paramref name="celsius"/> at a resolution of 9–12 bits: two's
    /// complement sixteenths of a degree (datasheet Table 1), rounded to the nearest sixteenth; the
    /// bits the datasheet leaves undefined below the resolution read 0.
    /// </summary>
    public static ushort TemperatureRegister(double celsius, int resolutionBits = 12)
    {
        if (!IsValidTemperature(celsius)) throw new ArgumentOutOfRangeException(nameof(celsius), celsius, "the DS18B20 measures −55 … +125 °C");
        if (resolutionBits is < 9 or > 12) throw new ArgumentOutOfRangeException(nameof(resolutionBits), resolutionBits, "9 to 12 bits");
        int sixteenths = (int)Math.Round(celsius * 16, MidpointRounding.AwayFromZero);
        int undefined = (1 << (12 - resolutionBits)) - 1;
        return (ushort)(sixteenths & ~undefined);
    }

    /// <summary>°C from a temperature register.</summary>
    public static double Celsius(ushort register) => (short)register / 16.0;

    /// <summary>The Dallas/Maxim 1-Wire CRC: polynomial x⁸ + x⁵ + x⁴ + 1, LSB first, initial value 0.</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (byte value in data)
        {
            byte b = value;
            for (int i = 0; i < 8; i++)
            {
                bool mix = ((crc ^ b) & 1) != 0;
                crc >>= 1;
                if (mix) crc ^= 0x8C;
                b >>= 1;
            }
        }
        return crc;
    }

    private void PowerOn()
    {
        _scratchpad[0] = PowerOnTemperatureRegister & 0xFF;
        _scratchpad[1] = PowerOnTemperatureRegister >> 8;
        RecallEeprom();
        _scratchpad[5] = 0xFF;
        _scratchpad[6] = 0x0C;
        _scratchpad[7] = 0x10;
        _alarm = false;
        _step = Step.Idle;
        _busyUntilCycle = _conversionDoneCycle = long.MinValue;
        _lastSlotCycle = _resetRoseCycle = long.MinValue;
        _lowCounted = false;
        _inPresence = false;
        UpdateCrc();
    }

    private void RecallEeprom()
    {
        _scratchpad[2] = _eeprom[0];
        _scratchpad[3] = _eeprom[1];
        _scratchpad[4] = ConfigurationRegister(_eeprom[2]);
        UpdateCrc();
    }

    /// <summary>Only R1, R0 (bits 6, 5) are stored; bit 7 reads 0 and bits 4–0 read 1.</summary>
    private static byte ConfigurationRegister(byte written) => (byte)(0x1F | (written & 0x60));

    private void UpdateCrc() => _scratchpad[8] = Crc8(_scratchpad.AsSpan(0, 8));

    /// <summary>Completes a conversion whose time has come.</summary>
    private void Update(long cycle)
    {
        if (_conversionDoneCycle == long.MinValue || cycle < _conversionDoneCycle) return;
        _conversionDoneCycle = long.MinValue;
        _scratchpad[0] = (byte)_convertedRegister;
        _scratchpad[1] = (byte)(_convertedRegister >> 8);
        // TH/TL compare with bits 11–4: the whole degrees, two's complement.
        int whole = (short)_convertedRegister >> 4;
        _alarm = whole >= (sbyte)_scratchpad[2] || whole <= (sbyte)_scratchpad[3];
        UpdateCrc();
    }

    // ---- the wire ------------------------------------------------------------------------------------

    /// <summary>The DQ wire changed level at <paramref name="cycle"/>.</summary>
    public void SetDq(bool level, long cycle)
    {
        if (level == _line) return;
        _line = level;
        if (!_present) return;
        if (level) Rose(cycle);
        else Fell(cycle);
    }

    private double Microseconds(long fromCycle, long toCycle) => (_clock.ToNanoseconds(toCycle) - _clock.ToNanoseconds(fromCycle)) / 1000.0;

    private long CycleAfter(long cycle, double microseconds) =>
        Math.Max(cycle + 1, _clock.CycleAtOrAfter(_clock.ToNanoseconds(cycle) + (long)Math.Round(microseconds * 1000)));

    private void Fell(long cycle)
    {
        _fellCycle = cycle;
        if (_inPresence) return;   // its own presence pulse (or a master ignoring it: tRSTH reports that)
        _lowCounted = true;
        if (_resetRoseCycle != long.MinValue)
        {
            if (_lastSlotCycle < _resetRoseCycle)
            {
                double high = Microseconds(_resetRoseCycle, cycle);
                if (high < ResetHighMin)
                    Report("tRSTH", cycle, $"the first slot began {high:0.#} µs after the reset pulse ended; the master must leave the wire high ≥ {ResetHighMin} µs (presence detection)", DiagnosticSeverity.Error);
            }
            // A slot's µs are whole ns / 1000.0, so it is short exactly when its ns are below SlotMin × 1000:
            // when both spans are surely long enough there is nothing to measure.
            else if (!_clock.SurelyApart(_lastSlotCycle, cycle, (long)(SlotMin * 1000)) || !_clock.SurelyApart(_roseCycle, cycle, (long)(RecoveryMin * 1000)))
            {
                double slot = Microseconds(_lastSlotCycle, cycle), recovery = Microseconds(_roseCycle, cycle);
                if (slot < SlotMin)
                    Report("tSLOT", cycle, $"a slot of {slot:0.#} µs (falling edge to falling edge); minimum {SlotMin} µs", DiagnosticSeverity.Error);
                else if (recovery < RecoveryMin)
                    Report("tREC", cycle, $"the wire was high {recovery:0.##} µs between slots; minimum {RecoveryMin} µs", DiagnosticSeverity.Error);
            }
        }
        _lastSlotCycle = cycle;
        _slotIsRead = IsReadStep;
        if (!_slotIsRead) return;
        _slotBit = NextBitToSend(cycle);
        if (_slotBit) return;
        SetDrive(true, cycle);
        long release = CycleAfter(cycle, ReadDataValid);
        _pendingReleases.Enqueue((release, _epoch));
        _schedule(release, _releaseReadZero);
    }

    /// <summary>
    /// Ends the oldest 0 still being sent. Scheduled actions may run a few cycles late (at the end of
    /// an instruction): the edge belongs to the cycle it was planned for.
    /// </summary>
    private void ReleaseReadZero(long now)
    {
        var (release, epoch) = _pendingReleases.Dequeue();
        if (epoch == _epoch) SetDrive(false, release);
    }

    private void Rose(long cycle)
    {
        _roseCycle = cycle;
        if (_inPresence || !_lowCounted) return;
        _lowCounted = false;
        double low = Microseconds(_fellCycle, cycle);
        if (low >= ResetLowMin)
        {
            if (low > ResetLowParasiteMax && Options.ParasitePower)
                Report("tRSTL", cycle, $"a reset pulse of {low:0.#} µs; under parasite power above {ResetLowParasiteMax} µs the sensor may reset itself", DiagnosticSeverity.Warning);
            Reset(cycle);
            return;
        }
        if (low > WriteZeroLowMax)
        {
            Report("tRSTL", cycle, $"the wire was low {low:0.#} µs: too long for a slot (≤ {WriteZeroLowMax} µs), too short for a reset (≥ {ResetLowMin} µs)", DiagnosticSeverity.Error);
            if (_slotIsRead) return;
        }
        if (_slotIsRead)
        {
            // The master must release within tRDV; a 0 the sensor sends ends at the same moment.
            if (cycle > CycleAfter(_fellCycle, ReadDataValid))
                Report("tRDV", cycle, $"a read slot held low {low:0.#} µs: the sensor's bit is valid only {ReadDataValid} µs after the falling edge", DiagnosticSeverity.Error);
            return;
        }
        if (_step == Step.Idle) return;
        bool bit;
        if (low < WriteOneLowMin)
        {
            Report("tLOW1", cycle, $"a write slot low for {low:0.##} µs; minimum {WriteOneLowMin} µs", DiagnosticSeverity.Error);
            bit = true;
        }
        else if (low > WriteOneLowMax && low < WriteZeroLowMin)
        {
            bit = low < SamplePoint;
            Report(bit ? "tLOW1" : "tLOW0", cycle,
                $"a write slot low for {low:0.#} µs: a 1 is ≤ {WriteOneLowMax} µs, a 0 ≥ {WriteZeroLowMin} µs; sampled at {SamplePoint} µs as {(bit ? 1 : 0)}",
                DiagnosticSeverity.Error);
        }
        else
        {
            bit = low <= WriteOneLowMax;
        }
        Receive(bit, cycle);
    }

    private void SetDrive(bool low, long cycle)
    {
        if (_driving == low) return;
        _driving = low;
        DqDriveChanged?.Invoke(cycle);
    }

    private void Reset(long cycle)
    {
        Update(cycle);
        if (_step == Step.WriteScratchpad)
            Report("4Eh", cycle, $"reset after {_bit / 8} of 3 WRITE SCRATCHPAD bytes; the datasheet wants all three first", DiagnosticSeverity.Warning);
        _epoch++;
        _step = Step.Idle;
        _resetRoseCycle = cycle;
        _inPresence = true;
        long start = CycleAfter(cycle, PresenceWait);
        _pendingPresenceStarts.Enqueue((start, _epoch));
        _schedule(start, _startPresence);
    }

    private void StartPresence(long now)
    {
        var (start, epoch) = _pendingPresenceStarts.Dequeue();
        if (epoch != _epoch) return;
        SetDrive(true, start);
        long end = CycleAfter(start, PresenceLow);
        _pendingPresenceEnds.Enqueue((end, epoch));
        _schedule(end, _endPresence);
    }

    private void EndPresence(long now)
    {
        var (end, epoch) = _pendingPresenceEnds.Dequeue();
        if (epoch != _epoch) return;
        SetDrive(false, end);
        _inPresence = false;
        _roseCycle = end;
        _lowCounted = false;
        Begin(Step.RomCommand);
    }

    // ---- bits and commands ---------------------------------------------------------------------------

    private bool IsReadStep => _step is Step.ReadRom or Step.SearchSend or Step.ReadScratchpad or Step.Status;

    private void Begin(Step step)
    {
        _step = step;
        _bit = 0;
        _shift = 0;
        _searchBit = false;
    }

    private bool RomBit(int index) => (_rom[index >> 3] >> (index & 7) & 1) != 0;

    private bool NextBitToSend(long cycle)
    {
        switch (_step)
        {
            case Step.ReadRom:
            {
                bool bit = RomBit(_bit++);
                if (_bit == 64) Begin(Step.FunctionCommand);
                return bit;
            }
            case Step.SearchSend:
            {
                bool bit = RomBit(_bit) ^ _searchBit;
                if (_searchBit) _step = Step.SearchReceive;
                _searchBit = !_searchBit;
                return bit;
            }
            case Step.ReadScratchpad:
            {
                if (_bit == 0) Update(cycle);
                int index = _bit++;
                return index >= ScratchpadSize * 8 || (_scratchpad[index >> 3] >> (index & 7) & 1) != 0;
            }
            case Step.Status:
                return _command switch
                {
                    0xB4 => !Options.ParasitePower,
                    _ => cycle >= _busyUntilCycle,
                };
            default:
                return true;
        }
    }

    private void Receive(bool bit, long cycle)
    {
        switch (_step)
        {
            case Step.RomCommand:
            case Step.FunctionCommand:
                if (bit) _shift |= 1UL << _bit;
                if (++_bit < 8) return;
                if (_step == Step.RomCommand) RomCommand((byte)_shift, cycle);
                else FunctionCommand((byte)_shift, cycle);
                return;
            case Step.MatchRom:
                if (bit != RomBit(_bit))
                {
                    _step = Step.Idle;   // another sensor's code: wait for the next reset
                    return;
                }
                if (++_bit == 64) Begin(Step.FunctionCommand);
                return;
            case Step.SearchReceive:
                if (bit != RomBit(_bit))
                {
                    _step = Step.Idle;
                    return;
                }
                _step = Step.SearchSend;
                if (++_bit == 64) Begin(Step.FunctionCommand);
                return;
            case Step.WriteScratchpad:
                if (bit) _shift |= 1UL << (_bit & 7);
                if ((++_bit & 7) != 0) return;
                int index = 2 + (_bit >> 3) - 1;
                _scratchpad[index] = index == 4 ? ConfigurationRegister((byte)_shift) : (byte)_shift;
                _shift = 0;
                UpdateCrc();
                if (_bit == 24) _step = Step.Idle;
                return;
        }
    }

    private void RomCommand(byte command, long cycle)
    {
        switch (command)
        {
            case 0x33: Begin(Step.ReadRom); break;
            case 0x55: Begin(Step.MatchRom); break;
            case 0xCC: Begin(Step.FunctionCommand); break;
            case 0xF0: Begin(Step.SearchSend); break;
            case 0xEC:
                Update(cycle);
                if (_alarm) Begin(Step.SearchSend);
                else _step = Step.Idle;   // no alarm: this sensor sits the alarm search out
                break;
            default:
                Report("ROM command", cycle, $"unknown ROM command {command:X2}h (33h, 55h, CCh, F0h, ECh); the sensor waits for a reset", DiagnosticSeverity.Warning);
                _step = Step.Idle;
                break;
        }
    }

    private void FunctionCommand(byte command, long cycle)
    {
        Update(cycle);
        _command = command;
        switch (command)
        {
            case 0x44:
            {
                int resolution = ResolutionBits;
                _convertedRegister = TemperatureRegister(_temperature, resolution);
                _conversionDoneCycle = _busyUntilCycle = cycle + _clock.CyclesIn(TimeSpan.FromMilliseconds(ConversionMilliseconds[resolution - 9]));
                Begin(Step.Status);
                break;
            }
            case 0xBE: Begin(Step.ReadScratchpad); break;
            case 0x4E: Begin(Step.WriteScratchpad); break;
            case 0x48:
                _eeprom[0] = _scratchpad[2];
                _eeprom[1] = _scratchpad[3];
                _eeprom[2] = _scratchpad[4];
                _busyUntilCycle = cycle + _clock.CyclesIn(TimeSpan.FromMilliseconds(EepromWriteMilliseconds));
                Begin(Step.Status);
                break;
            case 0xB8:
                RecallEeprom();
                _busyUntilCycle = cycle;
                Begin(Step.Status);
                break;
            case 0xB4: Begin(Step.Status); break;
            default:
                Report("function command", cycle, $"unknown function command {command:X2}h (44h, BEh, 4Eh, 48h, B8h, B4h); the sensor waits for a reset", DiagnosticSeverity.Warning);
                _step = Step.Idle;
                break;
        }
    }

    private void Report(string rule, long cycle, string detail, DiagnosticSeverity severity) =>
        _diagnostics.Report(Options.Name, rule, cycle, _clock.ToTimeSpan(cycle), detail, severity);
}
