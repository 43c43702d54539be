using Calendar51.Emulator.Chips;

namespace Calendar51.Tests.Chips;

/// <summary>
/// Bit-bangs a DS1302 the way 8051 firmware does: CE, SCLK and IO are quasi-bidirectional port pins.
/// The IO wire is low when the port latch is 0 or the chip drives low; otherwise it reads 1 (the weak
/// pull-up, boards.md §4 default rule), so with the chip silent a read returns the latch.
/// Every pin write takes <see cref="CyclesPerWrite"/> machine cycles (1 = SETB/CLR on a 12T part).
/// </summary>
internal sealed class Ds1302Bus
{
    private readonly Ds1302 _chip;
    private bool _ioLatch = true;

    public Ds1302Bus(Ds1302 chip, long startCycle = 0)
    {
        _chip = chip;
        Cycle = startCycle;
        _chip.IoDriveChanged += cycle => _chip.SetIo(IoLevel, cycle);
        _chip.SetIo(IoLevel, Cycle);
    }

    public long Cycle { get; private set; }
    public int CyclesPerWrite { get; set; } = 1;

    public bool IoLevel => _ioLatch && _chip.IoDrive != PinDrive.Low;

    public void Wait(long cycles) => Cycle += cycles;

    public void Ce(bool level) { Cycle += CyclesPerWrite; _chip.SetCe(level, Cycle); }
    public void Sclk(bool level) { Cycle += CyclesPerWrite; _chip.SetSclk(level, Cycle); }
    public void Io(bool level) { Cycle += CyclesPerWrite; _ioLatch = level; _chip.SetIo(IoLevel, Cycle); }

    /// <summary>Correct style: IO, rising edge, falling edge per bit; SCLK ends low.</summary>
    public void WriteByte(byte value)
    {
        for (int i = 0; i < 8; i++)
        {
            Io((value >> i & 1) != 0);
            Sclk(true);
            Sclk(false);
        }
    }

    /// <summary>Correct style, after a command written by <see cref="WriteByte"/>: release IO, sample, then clock.</summary>
    public byte ReadByte()
    {
        Io(true);
        int value = 0;
        for (int i = 0; i < 8; i++)
        {
            if (IoLevel) value |= 1 << i;
            Sclk(true);
            Sclk(false);
        }
        return (byte)value;
    }

    public void WriteRegister(byte command, byte value)
    {
        Begin();
        WriteByte(command);
        WriteByte(value);
        End();
    }

    public byte ReadRegister(byte command)
    {
        Begin();
        WriteByte(command);
        byte value = ReadByte();
        End();
        return value;
    }

    public void Begin()
    {
        Ce(false);
        Sclk(false);
        Ce(true);
    }

    public void End()
    {
        Ce(false);
        Io(true);
    }

    /// <summary>
    /// The widely copied kit driver (ds1302.md §9.1): the command is written SCLK low, IO, SCLK high,
    /// leaving SCLK high; then per bit: sample IO, SCLK high, SCLK low, shift right.
    /// </summary>
    public byte ClassicRead(byte command)
    {
        Ce(false);
        Sclk(false);
        Ce(true);
        for (int i = 0; i < 8; i++)
        {
            Sclk(false);
            Io((command >> i & 1) != 0);
            Sclk(true);
        }
        int value = 0;
        for (int i = 0; i < 8; i++)
        {
            if (IoLevel) value |= 0x80;
            Sclk(true);
            Sclk(false);
            value >>= 1;
        }
        Ce(false);
        Io(true);
        return (byte)value;
    }
}
