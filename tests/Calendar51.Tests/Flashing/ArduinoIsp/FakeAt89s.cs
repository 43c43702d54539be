using Calendar51.Host.ArduinoIsp;

namespace Calendar51.Tests.Flashing.ArduinoIsp;

/// <summary>
/// The serial-programming side of an AT89S51/52 as its datasheet describes it: instructions are honoured only
/// while RST is high and after Programming Enable; chip erase takes tERASE (500 ms) and a byte write tSWC, and an
/// instruction inside either is not executed; flash bits only go from 1 to 0 (a write without erase ANDs); lock
/// modes are set in turn, mode 2 stops writes, modes 3 and 4 hide the contents and the signature. Every rule the
/// programmer breaks is recorded in <see cref="Violations"/>.
/// </summary>
public sealed class FakeAt89s(At89sPart part)
{
    private bool _resetHigh;
    private bool _enabled;
    private TimeSpan _busyUntil;
    private string _busyWith = "";

    public At89sPart Part => part;

    /// <summary>The signature the chip answers with; a foreign chip gets another.</summary>
    public byte[] Signature { get; set; } = part.Signature;

    /// <summary>Old firmware: anything but the erased state, so a missing erase shows.</summary>
    public byte[] Flash { get; } = Enumerable.Repeat((byte)0x5A, part.FlashSize).ToArray();

    public At89sLockMode Lock { get; set; } = At89sLockMode.Unlocked;

    /// <summary>A worn cell: this address keeps bit 0 set whatever is written.</summary>
    public int? StuckBitAddress { get; set; }

    public int Erases { get; private set; }

    public List<string> Violations { get; } = [];

    /// <summary>RST is low: the chip runs whatever its flash holds.</summary>
    public bool Running { get; private set; } = true;

    public void SetReset(bool high)
    {
        _resetHigh = high;
        Running = !high;
        if (!high)
        {
            _enabled = false;
        }
    }

    /// <summary>One 4-byte SPI transaction at <paramref name="now"/>; returns the byte shifted out with byte 4.</summary>
    public byte Transfer(ReadOnlySpan<byte> instruction, TimeSpan now)
    {
        if (!_resetHigh)
        {
            Violations.Add($"instruction {instruction[0]:X2} while RST is low (not in serial programming mode)");
            return 0xFF;
        }
        if (instruction[0] == 0xAC && instruction[1] == 0x53)
        {
            _enabled = true;
            return At89sInstruction.ProgrammingEnableEcho;
        }
        if (!_enabled)
        {
            Violations.Add($"instruction {instruction[0]:X2} before Programming Enable");
            return 0xFF;
        }
        if (now < _busyUntil)
        {
            Violations.Add($"instruction {instruction[0]:X2} {instruction[1]:X2} {instruction[2]:X2} at {now.TotalMilliseconds:0.000} ms, inside the {_busyWith}");
            return 0xFF;
        }
        var address = ((instruction[1] & 0x1F) << 8 | instruction[2]) % part.FlashSize;
        switch (instruction[0])
        {
            case 0xAC when (instruction[1] & 0xE0) == 0x80:
                Flash.AsSpan().Fill(0xFF);
                Lock = At89sLockMode.Unlocked;
                Erases++;
                Busy(now, At89sPart.ChipEraseTime, "chip erase cycle (tERASE 500 ms)");
                return 0xFF;
            case 0xAC when (instruction[1] & 0xFC) == 0xE0:
                var mode = (At89sLockMode)((instruction[1] & 0x03) + 1);
                if (mode > Lock + 1)
                {
                    Violations.Add($"lock mode {(int)mode} written before mode {(int)Lock + 1} (modes are activated in turn)");
                }
                else if (mode > Lock)
                {
                    Lock = mode;
                }
                Busy(now, At89sPart.ByteWriteTime, "lock bit write cycle");
                return 0xFF;
            case 0x20:
                return Lock >= At89sLockMode.NoVerify ? (byte)0xFF : Flash[address];
            case 0x40:
                if (Lock >= At89sLockMode.NoFurtherProgramming)
                {
                    Violations.Add($"write at {address:X4} while locked in mode {(int)Lock}");
                    return 0xFF;
                }
                if (Flash[address] != 0xFF)
                {
                    Violations.Add($"write at {address:X4} without an erase (cell holds {Flash[address]:X2})");
                }
                Flash[address] &= instruction[3];
                if (address == StuckBitAddress)
                {
                    Flash[address] |= 0x01;
                }
                Busy(now, At89sPart.ByteWriteTime, "byte write cycle (tSWC)");
                return 0xFF;
            case 0x24:
                return (byte)(Lock switch
                {
                    At89sLockMode.Unlocked => 0,
                    At89sLockMode.NoFurtherProgramming => 0b001,
                    At89sLockMode.NoVerify => 0b011,
                    _ => 0b111,
                } << 2);
            case 0x28:
                return Lock >= At89sLockMode.NoVerify ? (byte)0xFF : Signature[instruction[1] & 0x03];
            default:
                Violations.Add($"unknown instruction {instruction[0]:X2} {instruction[1]:X2}");
                return 0xFF;
        }
    }

    private void Busy(TimeSpan now, TimeSpan duration, string what)
    {
        _busyUntil = now + duration;
        _busyWith = what;
    }
}
