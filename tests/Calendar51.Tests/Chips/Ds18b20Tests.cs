using Calendar51.Emulator.Chips;

namespace Calendar51.Tests.Chips;

/// <summary>The DS18B20 model against its datasheet (rev. 042208): Table 1, the commands, the AC timing.</summary>
public class Ds18b20Tests
{
    // Datasheet Table 1 "Temperature/Data Relationship" (12-bit resolution).
    [TestCase(125.0, 0x07D0)]
    [TestCase(85.0, 0x0550)]
    [TestCase(25.0625, 0x0191)]
    [TestCase(10.125, 0x00A2)]
    [TestCase(0.5, 0x0008)]
    [TestCase(0.0, 0x0000)]
    [TestCase(-0.5, 0xFFF8)]
    [TestCase(-10.125, 0xFF5E)]
    [TestCase(-25.0625, 0xFE6F)]
    [TestCase(-55.0, 0xFC90)]
    public void Temperature_register_follows_table_1(double celsius, int register)
    {
        Assert.That(Ds18b20.TemperatureRegister(celsius), Is.EqualTo((ushort)register));
        // and through the wire: CONVERT T, READ SCRATCHPAD, bytes 0 and 1
        var bus = new OneWireBus();
        bus.Add(new Ds18b20Options { Temperature = celsius });
        bus.ConvertAll();
        var scratchpad = bus.ReadScratchpad();
        Assert.That(scratchpad[0] | scratchpad[1] << 8, Is.EqualTo(register));
        Assert.That(bus.Diagnostics.Snapshot(), Is.Empty);
    }

    [Test]
    public void Crc8_matches_the_application_note_27_example()
    {
        // AN27 example 2: family code 02, serial 00 00 00 01 B8 1C, sent LSB first; CRC A2.
        byte[] rom = [0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00];
        Assert.That(Ds18b20.Crc8(rom), Is.EqualTo(0xA2));
        Assert.That(Ds18b20.Crc8([.. rom, 0xA2]), Is.Zero, "a code followed by its CRC checks to 0");
    }

    [Test]
    public void Power_on_scratchpad_holds_85_degrees_and_the_eeprom_with_a_valid_crc()
    {
        var bus = new OneWireBus();
        bus.Add(new Ds18b20Options { Temperature = 21 });
        var scratchpad = bus.ReadScratchpad();
        // The power-on dump new sensors commonly show: 85 °C, TH 4Bh, TL 46h, 12 bits, FFh 0Ch 10h, CRC 1Ch.
        Assert.That(scratchpad, Is.EqualTo(new byte[] { 0x50, 0x05, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10, 0x1C }));
        Assert.That(Ds18b20.Crc8(scratchpad), Is.Zero);
    }

    [Test]
    public void Read_rom_sends_family_28h_serial_and_crc()
    {
        var bus = new OneWireBus();
        var sensor = bus.Add(new Ds18b20Options { SerialNumber = 0x0000_1234_5678 });
        Assert.That(bus.Reset(), Is.True);
        bus.WriteByte(0x33);
        var rom = bus.Read(8);
        Assert.Multiple(() =>
        {
            Assert.That(rom[0], Is.EqualTo(0x28));
            Assert.That(rom[1..4], Is.EqualTo(new byte[] { 0x78, 0x56, 0x34 }));
            Assert.That(Ds18b20.Crc8(rom), Is.Zero);
            Assert.That(rom, Is.EqualTo(sensor.RomCode.ToArray()));
            Assert.That(bus.Diagnostics.Snapshot(), Is.Empty);
        });
    }

    [Test]
    public void No_presence_pulse_without_a_sensor_and_the_wire_stays_with_its_pull_up()
    {
        var bus = new OneWireBus();
        var sensor = bus.Add();
        sensor.Remove(bus.Now);
        Assert.That(bus.Reset(), Is.False);
        sensor.Insert(bus.Level, bus.Now);
        Assert.That(bus.Reset(), Is.True);
    }

    [Test]
    public void Presence_pulse_comes_15_to_60_us_after_the_reset_and_lasts_60_to_240_us()
    {
        var bus = new OneWireBus();
        bus.Add();
        bus.Low();
        bus.Wait(500);
        bus.Release();
        long released = bus.Now, fell = -1, rose = -1;
        for (int us = 0; us < 400; us++)
        {
            bus.Wait(1);
            if (!bus.Level && fell < 0) fell = bus.Now;
            if (bus.Level && fell >= 0 && rose < 0) rose = bus.Now;
        }
        Assert.That(fell - released, Is.InRange(15, 60), "tPDHIGH");
        Assert.That(rose - fell, Is.InRange(60, 240), "tPDLOW");
    }

    [Test]
    public void Search_rom_finds_every_sensor_on_the_wire_and_match_rom_addresses_each()
    {
        var bus = new OneWireBus();
        var sensors = new[]
        {
            bus.Add(new Ds18b20Options { Name = "a", SerialNumber = 0x0000_0000_00A5, Temperature = 20 }),
            bus.Add(new Ds18b20Options { Name = "b", SerialNumber = 0x0000_0000_005A, Temperature = -5.5 }),
            bus.Add(new Ds18b20Options { Name = "c", SerialNumber = 0x0000_0100_00A5, Temperature = 30.25 }),
        };
        var found = bus.Search();
        Assert.That(found.Select(Convert.ToHexString), Is.EquivalentTo(sensors.Select(s => Convert.ToHexString(s.RomCode))));
        bus.ConvertAll();
        foreach (var sensor in sensors)
        {
            var scratchpad = bus.ReadScratchpad(sensor.RomCode.ToArray());
            Assert.That(Ds18b20.Celsius((ushort)(scratchpad[0] | scratchpad[1] << 8)), Is.EqualTo(sensor.Temperature), sensor.Options.Name);
        }
        Assert.That(bus.Diagnostics.Snapshot(), Is.Empty);
    }

    [Test]
    public void Alarm_search_finds_only_sensors_at_or_beyond_th_or_tl()
    {
        var bus = new OneWireBus();
        var cool = bus.Add(new Ds18b20Options { SerialNumber = 1, Temperature = 20, AlarmHigh = 30, AlarmLow = 10 });
        var hot = bus.Add(new Ds18b20Options { SerialNumber = 2, Temperature = 30.5, AlarmHigh = 30, AlarmLow = 10 });
        var cold = bus.Add(new Ds18b20Options { SerialNumber = 3, Temperature = 10, AlarmHigh = 30, AlarmLow = 10 });
        Assert.That(bus.Search(0xEC), Is.Empty, "no alarm before the first conversion");
        bus.ConvertAll();
        var found = bus.Search(0xEC).Select(Convert.ToHexString);
        Assert.That(found, Is.EquivalentTo(new[] { Convert.ToHexString(hot.RomCode), Convert.ToHexString(cold.RomCode) }));
        Assert.That(cool.AlarmFlag(bus.Now), Is.False);
    }

    [TestCase(0x1F, 9, 93.75, 0x0190)]
    [TestCase(0x3F, 10, 187.5, 0x0190)]
    [TestCase(0x5F, 11, 375.0, 0x0190)]
    [TestCase(0x7F, 12, 750.0, 0x0191)]
    public void Conversion_time_and_undefined_bits_follow_the_resolution(int configuration, int bits, double milliseconds, int register)
    {
        var bus = new OneWireBus();
        var sensor = bus.Add(new Ds18b20Options { Temperature = 25.0625 });
        Assert.That(bus.Reset(), Is.True);
        bus.Write(0xCC, 0x4E, 0x20, 0xF6, (byte)configuration);
        Assert.That(sensor.ResolutionBits, Is.EqualTo(bits));
        double took = bus.ConvertAll() / 1000.0;
        Assert.That(took, Is.InRange(milliseconds - 0.1, milliseconds + 0.2), "read slots answer 0 while converting");
        var scratchpad = bus.ReadScratchpad();
        Assert.That(scratchpad[0] | scratchpad[1] << 8, Is.EqualTo(register));
        Assert.That(scratchpad[2..5], Is.EqualTo(new byte[] { 0x20, 0xF6, (byte)(0x1F | configuration & 0x60) }));
        Assert.That(Ds18b20.Crc8(scratchpad), Is.Zero);
    }

    [Test]
    public void Nine_bit_negative_readings_clear_the_undefined_bits()
    {
        Assert.That(Ds18b20.TemperatureRegister(-10.125, 9), Is.EqualTo(0xFF58), "−10.5 °C: the low three bits read 0");
    }

    [Test]
    public void Copy_scratchpad_writes_eeprom_in_10_ms_and_recall_restores_it()
    {
        var bus = new OneWireBus();
        var sensor = bus.Add();
        Assert.That(bus.Reset(), Is.True);
        bus.Write(0xCC, 0x4E, 0x55, 0xAA, 0x3F);
        Assert.That(bus.Reset(), Is.True);
        bus.Write(0xCC, 0x48);
        Assert.That(bus.ReadBit(), Is.False, "copy in progress");
        bus.Wait(10_000);
        Assert.That(bus.ReadBit(), Is.True, "copy done");
        Assert.That(sensor.Eeprom.ToArray(), Is.EqualTo(new byte[] { 0x55, 0xAA, 0x3F }));
        Assert.That(bus.Reset(), Is.True);
        bus.Write(0xCC, 0x4E, 0x01, 0x02, 0x7F);
        Assert.That(bus.Reset(), Is.True);
        bus.Write(0xCC, 0xB8);
        Assert.That(bus.ReadBit(), Is.True, "recall done");
        Assert.That(bus.ReadScratchpad()[2..5], Is.EqualTo(new byte[] { 0x55, 0xAA, 0x3F }));
    }

    [TestCase(false, true)]
    [TestCase(true, false)]
    public void Read_power_supply_answers_1_when_externally_powered(bool parasite, bool answer)
    {
        var bus = new OneWireBus();
        bus.Add(new Ds18b20Options { ParasitePower = parasite });
        Assert.That(bus.Reset(), Is.True);
        bus.Write(0xCC, 0xB4);
        Assert.That(bus.ReadBit(), Is.EqualTo(answer));
    }

    [Test]
    public void A_conversion_measures_the_temperature_of_the_moment_it_starts()
    {
        var bus = new OneWireBus();
        var sensor = bus.Add(new Ds18b20Options { Temperature = 20 });
        bus.ConvertAll();
        sensor.Temperature = 23.5;
        Assert.That(bus.ReadScratchpad()[0], Is.EqualTo(20 * 16 & 0xFF), "no new conversion yet");
        bus.ConvertAll();
        Assert.That(bus.ReadScratchpad()[0], Is.EqualTo((int)(23.5 * 16) & 0xFF));
    }

    private static List<Diagnostic> Violations(Action<OneWireBus> act)
    {
        var bus = new OneWireBus();
        bus.Add();
        act(bus);
        return [.. bus.Diagnostics.Snapshot()];
    }

    [Test]
    public void Timing_violations_are_reported_with_the_datasheet_parameter()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Violations(b => b.Reset(lowMicroseconds: 300)).Select(d => d.Rule), Is.EqualTo(new[] { "tRSTL" }), "a 300 µs reset");
            Assert.That(Violations(b => { b.Reset(highMicroseconds: 200); b.WriteBit(true); }).Select(d => d.Rule), Is.EqualTo(new[] { "tRSTH" }), "a slot during presence detection");
            Assert.That(Violations(b => { b.Reset(); b.WriteBit(true, slot: 40); b.WriteBit(true); }).Select(d => d.Rule), Is.EqualTo(new[] { "tSLOT" }));
            Assert.That(Violations(b => { b.Reset(); b.WriteBit(false, zeroLow: 65, slot: 65); b.WriteBit(true); }).Select(d => d.Rule), Is.EqualTo(new[] { "tREC" }));
            Assert.That(Violations(b => { b.Reset(); b.WriteBit(true, oneLow: 25); }).Select(d => d.Rule), Is.EqualTo(new[] { "tLOW1" }));
            Assert.That(Violations(b => { b.Reset(); b.WriteBit(false, zeroLow: 45); }).Select(d => d.Rule), Is.EqualTo(new[] { "tLOW0" }));
            Assert.That(Violations(b => { b.Reset(); b.WriteBit(false, zeroLow: 200, slot: 210); }).Select(d => d.Rule), Is.EqualTo(new[] { "tRSTL" }));
            Assert.That(Violations(b => { b.Reset(); b.Write(0x33); b.ReadBit(low: 20, sampleAt: 22); }).Select(d => d.Rule), Is.EqualTo(new[] { "tRDV" }));
        });
        var detail = Violations(b => b.Reset(lowMicroseconds: 300)).Single();
        Assert.That(detail.ToString(), Does.Contain("300 µs").And.Contain("cycle"));
    }

    [Test]
    public void A_master_sampling_after_15_us_misses_a_0()
    {
        var bus = new OneWireBus();
        bus.Add();
        bus.Reset();
        bus.WriteByte(0x33);
        // Bit 0 of the family code 28h is 0: on time it reads 0, at 20 µs the sensor has let go.
        Assert.That(bus.ReadBit(sampleAt: 12), Is.False);
        Assert.That(bus.ReadBit(sampleAt: 20), Is.True, "bit 1 of 28h is 0 too, but tRDV has passed");
    }
}
