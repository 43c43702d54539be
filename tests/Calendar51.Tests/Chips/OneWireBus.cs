using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Chips;

/// <summary>
/// A 1-Wire master for the DS18B20 model without a CPU: one wire with a pull-up, the wired-AND of the
/// master and every sensor, the sensors' scheduled pulses delivered in cycle order. At 12 MHz one
/// machine cycle is 1 µs, so every timing here is in microseconds. The default slot timings are the
/// datasheet's recommended ones; tests change them to provoke violations.
/// </summary>
public sealed class OneWireBus
{
    public static readonly MachineClock TwelveMHz = new(12_000_000);

    private readonly PriorityQueue<Action<long>, (long Cycle, long Order)> _events = new();
    private long _order;
    private bool _masterLow;

    public Diagnostics Diagnostics { get; } = new();
    public List<Ds18b20> Sensors { get; } = [];
    public long Now { get; private set; }
    public bool Level { get; private set; } = true;

    public Ds18b20 Add(Ds18b20Options? options = null)
    {
        var sensor = new Ds18b20(TwelveMHz, Diagnostics, options ?? new Ds18b20Options(), (cycle, action) => _events.Enqueue(action, (cycle, _order++)));
        sensor.DqDriveChanged += Resolve;
        Sensors.Add(sensor);
        return sensor;
    }

    private void Resolve(long cycle)
    {
        bool level = !_masterLow && Sensors.All(s => s.DqDrive != PinDrive.Low);
        if (level == Level) return;
        Level = level;
        foreach (var sensor in Sensors) sensor.SetDq(level, cycle);
    }

    public void Wait(double microseconds) => RunTo(Now + (long)Math.Round(microseconds));

    public void RunTo(long cycle)
    {
        while (_events.TryPeek(out var action, out var when) && when.Cycle <= cycle)
        {
            _events.Dequeue();
            Now = when.Cycle;
            action(when.Cycle);
        }
        Now = cycle;
    }

    public void Low()
    {
        _masterLow = true;
        Resolve(Now);
    }

    public void Release()
    {
        _masterLow = false;
        Resolve(Now);
    }

    /// <summary>Reset pulse and presence detection; true if some sensor answered.</summary>
    public bool Reset(double lowMicroseconds = 500, double sampleAfter = 70, double highMicroseconds = 500)
    {
        Low();
        Wait(lowMicroseconds);
        Release();
        Wait(sampleAfter);
        bool presence = !Level;
        Wait(highMicroseconds - sampleAfter);
        return presence;
    }

    public void WriteBit(bool bit, double oneLow = 5, double zeroLow = 65, double slot = 70)
    {
        double low = bit ? oneLow : zeroLow;
        Low();
        Wait(low);
        Release();
        Wait(Math.Max(0, slot - low));
    }

    public bool ReadBit(double low = 2, double sampleAt = 12, double slot = 70)
    {
        Low();
        Wait(low);
        Release();
        Wait(sampleAt - low);
        bool bit = Level;
        Wait(slot - sampleAt);
        return bit;
    }

    public void WriteByte(byte value)
    {
        for (int i = 0; i < 8; i++) WriteBit((value >> i & 1) != 0);
    }

    public byte ReadByte()
    {
        int value = 0;
        for (int i = 0; i < 8; i++)
        {
            if (ReadBit()) value |= 1 << i;
        }
        return (byte)value;
    }

    public void Write(params byte[] bytes)
    {
        foreach (byte value in bytes) WriteByte(value);
    }

    public byte[] Read(int count) => [.. Enumerable.Range(0, count).Select(_ => ReadByte())];

    /// <summary>Reset, SKIP ROM, CONVERT T, then read slots until the sensors answer 1; returns the µs it took.</summary>
    public double ConvertAll()
    {
        Assert.That(Reset(), Is.True, "presence");
        Write(0xCC, 0x44);
        long start = Now;
        while (!ReadBit())
        {
            if (Now - start > 2_000_000) Assert.Fail("conversion never finished");
        }
        return Now - start;
    }

    public byte[] ReadScratchpad(byte[]? rom = null)
    {
        Assert.That(Reset(), Is.True, "presence");
        Select(rom);
        WriteByte(0xBE);
        return Read(9);
    }

    public void Select(byte[]? rom)
    {
        if (rom is null)
        {
            WriteByte(0xCC);
            return;
        }
        WriteByte(0x55);
        Write(rom);
    }

    /// <summary>
    /// The 1-Wire search (ROM F0h or alarm ECh) as application note 187 describes it: every ROM code on
    /// the wire, each in its own pass, the discrepancies resolved 0 first.
    /// </summary>
    public List<byte[]> Search(byte command = 0xF0)
    {
        var found = new List<byte[]>();
        var rom = new byte[8];
        int lastDiscrepancy = -1;
        bool last = false;
        while (!last)
        {
            if (!Reset()) return found;
            WriteByte(command);
            int discrepancy = -1;
            for (int i = 0; i < 64; i++)
            {
                bool bit = ReadBit(), complement = ReadBit();
                if (bit && complement) return found;   // nobody answered
                bool direction;
                if (bit != complement) direction = bit;
                else
                {
                    direction = i < lastDiscrepancy ? (rom[i >> 3] >> (i & 7) & 1) != 0 : i == lastDiscrepancy;
                    if (!direction) discrepancy = i;
                }
                if (direction) rom[i >> 3] |= (byte)(1 << (i & 7));
                else rom[i >> 3] &= (byte)~(1 << (i & 7));
                WriteBit(direction);
            }
            found.Add([.. rom]);
            lastDiscrepancy = discrepancy;
            last = discrepancy < 0;
        }
        return found;
    }
}
