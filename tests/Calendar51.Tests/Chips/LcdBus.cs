using Calendar51.Emulator.Chips;

namespace Calendar51.Tests.Chips;

/// <summary>
/// Drives an HD44780 the way 8051 firmware does on a Prechin-style board: RS, R/W and E on port pins,
/// DB7–DB0 on P0 with pull-ups, so a data line reads the port latch wired-AND with what the chip drives.
/// Every pin write takes <see cref="CyclesPerWrite"/> machine cycles.
/// </summary>
internal sealed class LcdBus
{
    private readonly Hd44780 _chip;
    private byte _latch = 0xFF;

    public LcdBus(Hd44780 chip, long startCycle)
    {
        _chip = chip;
        Cycle = startCycle;
        _chip.DataDriveChanged += cycle => _chip.SetDataBus(BusLevels, cycle);
        _chip.SetDataBus(BusLevels, Cycle);
    }

    public long Cycle { get; private set; }
    public int CyclesPerWrite { get; set; } = 1;
    public bool FourBit { get; set; }

    public byte BusLevels => (byte)(_latch & (_chip.DataOutput | ~_chip.DataDriveMask));

    public void Wait(long cycles) => Cycle += cycles;

    public void Rs(bool level) { Cycle += CyclesPerWrite; _chip.SetRs(level, Cycle); }
    public void Rw(bool level) { Cycle += CyclesPerWrite; _chip.SetRw(level, Cycle); }
    public void E(bool level) { Cycle += CyclesPerWrite; _chip.SetE(level, Cycle); }
    public void Data(byte value) { Cycle += CyclesPerWrite; _latch = value; _chip.SetDataBus(BusLevels, Cycle); }

    /// <summary>One E pulse writing <paramref name="value"/> as it stands on DB7–DB0.</summary>
    public void Pulse(bool rs, byte value)
    {
        Rs(rs);
        Rw(false);
        Data(value);
        E(true);
        E(false);
    }

    public void Write(bool rs, byte value)
    {
        if (!FourBit)
        {
            Pulse(rs, value);
            return;
        }
        Pulse(rs, (byte)(value & 0xF0 | 0x0F));
        Pulse(rs, (byte)(value << 4 | 0x0F));
    }

    public void Instruction(byte value, long waitCycles = 40)
    {
        Write(false, value);
        Wait(waitCycles);
    }

    public void Text(string text, long waitCycles = 40)
    {
        foreach (char c in text)
        {
            Write(true, (byte)c);
            Wait(waitCycles);
        }
    }

    public byte Read(bool rs)
    {
        Data(0xFF);
        Rs(rs);
        Rw(true);
        E(true);
        byte value = BusLevels;
        E(false);
        if (FourBit)
        {
            E(true);
            value = (byte)(value & 0xF0 | BusLevels >> 4);
            E(false);
        }
        Rw(false);
        return value;
    }
}
