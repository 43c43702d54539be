using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Board;

public class BoardFileTests
{
    private const string Header = "board test \"Test board\"\nmcu stc89c52rc 12MHz\n";

    private static BoardFormatException Rejects(string text)
    {
        var error = Assert.Throws<BoardFormatException>(() => BoardFile.Parse(text, "t.board"))!;
        return error;
    }

    [Test]
    public void Unknown_mcu_part_names_file_line_and_the_known_parts()
    {
        var error = Rejects("board test\nmcu z80 12MHz\n");
        Assert.That(error.Message, Is.EqualTo("t.board:2: unknown MCU part 'z80' (known: 8051, 8052, at89c51, at89c52, at89s52, stc89c52rc)"));
        Assert.That((error.FileName, error.LineNumber), Is.EqualTo(("t.board", 2)));
    }

    [Test]
    public void Unknown_part_kind()
    {
        var error = Rejects(Header + "part led ws2812\n");
        Assert.That(error.Message, Is.EqualTo("t.board:3: unknown part kind 'ws2812' (known: lcd1602, hd44780, ds1302, key, buzzer, serial, ds18b20)"));
    }

    [TestCase("P4.0")]
    [TestCase("P3.8")]
    [TestCase("P12")]
    public void Unknown_mcu_pin_in_a_wire(string pin)
    {
        var error = Rejects(Header + "part K1 key\n\nwire " + pin + " K1.A\n");
        Assert.That(error.Message, Is.EqualTo($"t.board:5: unknown MCU pin '{pin}' (P0.0 … P3.7)"));
    }

    [Test]
    public void Unknown_mcu_pin_in_a_pullup_range()
    {
        var error = Rejects(Header + "pullup P0.0-P4.7 10k\n");
        Assert.That(error.Message, Is.EqualTo("t.board:3: unknown MCU pin 'P4.7' (P0.0 … P3.7)"));
    }

    [Test]
    public void Unknown_part_pin_lists_the_pins_of_that_kind()
    {
        var error = Rejects(Header + "part rtc ds1302\nwire P3.5 rtc.RST\n");
        Assert.That(error.Message, Is.EqualTo("t.board:4: rtc has no pin 'RST' (pins: CE, SCLK, IO)"));
    }

    [TestCase("temperature=hot", "t.board:3: temperature=hot: expected a temperature in °C from -55C to 125C (e.g. temperature=22.5C)")]
    [TestCase("temperature=22.5", "t.board:3: temperature=22.5: expected a temperature in °C from -55C to 125C (e.g. temperature=22.5C)")]
    [TestCase("temperature=126C", "t.board:3: temperature=126C: expected a temperature in °C from -55C to 125C (e.g. temperature=22.5C)")]
    [TestCase("temperature=-55.5C", "t.board:3: temperature=-55.5C: expected a temperature in °C from -55C to 125C (e.g. temperature=22.5C)")]
    [TestCase("colour=red", "t.board:3: unknown option 'colour' for ds18b20 (options: temperature, serial)")]
    [TestCase("serial=0x1000000000000", "t.board:3: serial=0x1000000000000: expected a 48-bit number, decimal or 0x... (at most 0xFFFFFFFFFFFF)")]
    public void Thermometer_options_are_checked_strictly(string option, string message)
    {
        var error = Rejects(Header + $"part temp ds18b20 {option}\nwire P3.7 temp.DQ\n");
        Assert.That(error.Message, Is.EqualTo(message));
    }

    [Test]
    public void Thermometer_needs_its_dq_wired()
    {
        var error = Rejects(Header + "part temp ds18b20\n");
        Assert.That(error.Message, Is.EqualTo("t.board:3: temp.DQ is not wired"));
    }

    [Test]
    public void Thermometer_takes_its_temperature_and_serial_from_the_board_file()
    {
        var board = new VirtualBoard(BoardFile.Parse(Header + "part a ds18b20 temperature=-10.125C serial=0x123\npart b ds18b20\nwire P3.7 a.DQ\nwire P3.7 b.DQ\n", "t.board"));
        Assert.That(board.Thermometer("a").Temperature, Is.EqualTo(-10.125));
        Assert.That(board.Thermometer("a").RomCode[1], Is.EqualTo(0x23));
        Assert.That(board.Thermometer("b").Temperature, Is.EqualTo(25.0), "default");
        Assert.That(board.Thermometer("b").RomCode[1], Is.EqualTo(2), "second sensor: serial 2");
        Assert.That(() => board.Thermometer(null), Throws.ArgumentException.With.Message.Contains("name one"));
    }

    [Test]
    public void Wire_to_an_undeclared_part()
    {
        var error = Rejects(Header + "wire P3.5 rtc.CE\n");
        Assert.That(error.Message, Is.EqualTo("t.board:3: unknown part 'rtc' (declare it with a part line first)"));
    }

    [Test]
    public void A_part_pin_wired_twice_names_both_lines()
    {
        var error = Rejects(Header + "part K1 key\nwire P3.1 K1.A\n# the second wire\nwire P3.0 K1.A\n");
        Assert.That(error.Message, Is.EqualTo("t.board:6: K1.A is wired twice (to P3.1 on line 4, and to P3.0)"));
    }

    [Test]
    public void One_mcu_pin_may_carry_several_parts()
    {
        // Prechin's K2 and the USB bridge share P3.0: sharing an MCU pin is wiring, not an error.
        var board = BoardFile.Parse(Header + "part K2 key\npart usb serial\nwire P3.0 K2.A\nwire P3.0 usb.TX\n", "t.board");
        Assert.That(board.Wires.Select(w => w.Pin).Distinct().Single(), Is.EqualTo(new McuPin(3, 0)));
    }

    [Test]
    public void Missing_required_wire_points_at_the_part_line()
    {
        var error = Rejects(Header + "part rtc ds1302\nwire P3.5 rtc.CE\nwire P3.6 rtc.SCLK\n");
        Assert.That(error.Message, Is.EqualTo("t.board:3: rtc.IO is not wired"));
    }

    [Test]
    public void Lcd_in_four_bit_wiring_needs_only_db4_to_db7()
    {
        var board = BoardFile.Parse(Header + "part lcd lcd1602\nwire P2.0 lcd.RS\nwire P2.1 lcd.E\n"
            + "wire P1.4 lcd.DB4\nwire P1.5 lcd.DB5\nwire P1.6 lcd.DB6\nwire P1.7 lcd.DB7\n", "t.board");
        Assert.That(board.WiresOf("lcd").Count(), Is.EqualTo(6));
        var error = Rejects(Header + "part lcd lcd1602\nwire P2.0 lcd.RS\nwire P1.4 lcd.DB4\nwire P1.5 lcd.DB5\nwire P1.6 lcd.DB6\nwire P1.7 lcd.DB7\n");
        Assert.That(error.Message, Is.EqualTo("t.board:3: lcd.E is not wired"));
    }

    [TestCase("fastMHz")]
    [TestCase("0MHz")]
    [TestCase("-12MHz")]
    public void Bad_frequency(string frequency)
    {
        var error = Rejects("board t\n\nmcu 8051 " + frequency + "\n");
        Assert.That(error.Message, Is.EqualTo($"t.board:3: '{frequency}' is not a frequency (e.g. 12MHz, 11.0592MHz)"));
    }

    [TestCase("12MHz", 12_000_000)]
    [TestCase("11.0592MHz", 11_059_200)]
    [TestCase("24000kHz", 24_000_000)]
    [TestCase("6000000Hz", 6_000_000)]
    public void Frequencies_with_units(string text, long hz)
    {
        Assert.That(BoardFile.Parse("board t\nmcu 8051 " + text + "\n", "t.board").CrystalHz, Is.EqualTo(hz));
    }

    [Test]
    public void Unknown_statement()
    {
        var error = Rejects(Header + "\nresistor P0.0 10k\n");
        Assert.That(error.Message, Is.EqualTo("t.board:4: unknown statement 'resistor' (board, mcu, floating, part, pullup, wire, vcc, reset, oscillator, isp)"));
    }

    [Test]
    public void Duplicate_part_names_the_first_line()
    {
        var error = Rejects(Header + "part K1 key\npart K2 key\npart K1 key\n");
        Assert.That(error.Message, Is.EqualTo("t.board:5: part 'K1' is listed twice (first on line 3)"));
    }

    [Test]
    public void Other_errors_with_their_lines()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rejects("board a\nboard b\n").Message, Is.EqualTo("t.board:2: the board is named twice"));
            Assert.That(Rejects("mcu 8051 12MHz\n").Message, Is.EqualTo("t.board:2: no 'board NAME' line"));
            Assert.That(Rejects("board a\n").Message, Is.EqualTo("t.board:2: no 'mcu PART CRYSTAL' line"));
            Assert.That(Rejects(Header + "floating maybe\n").Message, Is.EqualTo("t.board:3: expected: floating high|low"));
            Assert.That(Rejects(Header + "part K1 key bounce\n").Message, Is.EqualTo("t.board:3: option 'bounce' is not key=value"));
            Assert.That(Rejects(Header + "pullup P0.0-P0.7 10k\npullup P0.3 4k7\n").Message, Is.EqualTo("t.board:4: P0.3 already has a pull-up (line 3)"));
            Assert.That(Rejects(Header + "pullup P0.7-P0.0 10k\n").Message, Is.EqualTo("t.board:3: 'P0.7-P0.0' is not a range within one port"));
            Assert.That(Rejects("board \"unterminated\n").Message, Is.EqualTo("t.board:1: unterminated quoted text"));
            Assert.That(Rejects(Header + "part K1 key\nwire P3.2 K1\n").Message, Is.EqualTo("t.board:4: 'K1' is not PART.PIN"));
        });
    }

    [Test]
    public void Prechin_a2_carries_the_wiring_of_the_issue()
    {
        var board = BoardFile.Load(RepositoryFiles.BoardFilePath("prechin-a2"));
        Assert.That(board.Name, Is.EqualTo("prechin-a2"));
        Assert.That(board.Mcu, Is.EqualTo(PartSpec.Stc89C52Rc));
        Assert.That(board.CrystalHz, Is.EqualTo(12_000_000));
        Assert.That(board.FloatingPinsReadHigh, Is.True);
        var expected = new Dictionary<string, string>
        {
            ["lcd.DB0"] = "P0.0", ["lcd.DB1"] = "P0.1", ["lcd.DB2"] = "P0.2", ["lcd.DB3"] = "P0.3",
            ["lcd.DB4"] = "P0.4", ["lcd.DB5"] = "P0.5", ["lcd.DB6"] = "P0.6", ["lcd.DB7"] = "P0.7",
            ["lcd.RS"] = "P2.6", ["lcd.RW"] = "P2.5", ["lcd.E"] = "P2.7",
            ["rtc.IO"] = "P3.4", ["rtc.CE"] = "P3.5", ["rtc.SCLK"] = "P3.6",
            ["K1.A"] = "P3.1", ["K2.A"] = "P3.0", ["K3.A"] = "P3.2", ["K4.A"] = "P3.3",
            ["buzzer.IN"] = "P1.5",
            ["usb.TX"] = "P3.0", ["usb.RX"] = "P3.1",
            ["temp.DQ"] = "P3.7",
        };
        Assert.That(board.Wires.ToDictionary(w => $"{w.Part}.{w.PartPin}", w => w.Pin.ToString()), Is.EquivalentTo(expected));
        Assert.That(board.PullUps.Select(p => p.Pin.ToString()), Is.EqualTo(Enumerable.Range(0, 8).Select(b => $"P0.{b}").Append("P3.7")));
        Assert.That(board.PullUps.Select(p => p.Value).Distinct(), Is.EqualTo(new[] { "10k", "4.7k" }));
        Assert.That(board.Part("buzzer")!.Option("active", "?"), Is.EqualTo("low"));
        Assert.That(board.PartsOf(PartKind.Key).Select(k => k.Name), Is.EqualTo(new[] { "K1", "K2", "K3", "K4" }));
        Assert.That(board.PartsOf(PartKind.Key).Select(k => board.PinOf(k.Name, "B")), Is.All.Null, "independent keys switch to ground");
    }

    [Test]
    public void Kst51_runs_at_11_0592_MHz_with_its_own_wiring_and_matrix_keys()
    {
        var board = BoardFile.Load(RepositoryFiles.BoardFilePath("kst-51"));
        Assert.That((board.Name, board.Mcu, board.CrystalHz), Is.EqualTo(("kst-51", PartSpec.Stc89C52Rc, 11_059_200L)));
        Assert.That(new[] { board.PinOf("lcd", "RS"), board.PinOf("lcd", "RW"), board.PinOf("lcd", "E") },
            Is.EqualTo(new McuPin?[] { new(1, 0), new(1, 1), new(1, 5) }));
        Assert.That(new[] { board.PinOf("rtc", "SCLK"), board.PinOf("rtc", "IO"), board.PinOf("rtc", "CE") },
            Is.EqualTo(new McuPin?[] { new(3, 5), new(3, 4), new(1, 7) }));
        Assert.That(board.PinOf("buzzer", "IN"), Is.EqualTo(new McuPin(1, 6)));
        Assert.That(board.PartsOf(PartKind.Key).Select(k => board.PinOf(k.Name, "B")), Is.All.EqualTo(new McuPin(2, 7)));
        Assert.That(board.PartsOf(PartKind.Key).Select(k => board.PinOf(k.Name, "A").ToString()), Is.EqualTo(new[] { "P2.2", "P2.3", "P2.1", "P2.0" }));
    }

    [Test]
    public void Lcd1602_kit_has_the_taobao_wiring()
    {
        var board = BoardFile.Load(RepositoryFiles.BoardFilePath("lcd1602-kit"));
        Assert.That((board.Name, board.CrystalHz), Is.EqualTo(("lcd1602-kit", 11_059_200L)));
        var wiring = board.Wires.ToDictionary(w => $"{w.Part}.{w.PartPin}", w => w.Pin.ToString());
        Assert.That(new[] { wiring["lcd.RS"], wiring["lcd.RW"], wiring["lcd.E"], wiring["rtc.SCLK"], wiring["rtc.IO"], wiring["rtc.CE"], wiring["buzzer.IN"] },
            Is.EqualTo(new[] { "P3.5", "P3.6", "P3.4", "P1.0", "P1.1", "P1.2", "P2.3" }));
        Assert.That(new[] { wiring["K1.A"], wiring["K2.A"], wiring["K3.A"], wiring["K4.A"] }, Is.EqualTo(new[] { "P3.0", "P3.1", "P3.2", "P3.3" }));
    }

    [Test]
    public void Every_shipped_board_builds_a_virtual_board()
    {
        foreach (var path in Directory.GetFiles(RepositoryFiles.Schematics, "*" + BoardFile.Extension))
        {
            var board = new VirtualBoard(BoardFile.Load(path));
            Assert.That(new object?[] { board.Lcd, board.Rtc, board.Serial, board.Buzzer }, Is.All.Not.Null, path);
            Assert.That(board.Keys, Has.Count.EqualTo(4), path);
            Assert.That(board.Diagnostics.Snapshot(), Is.Empty, path);
        }
    }

    [TestCase("prechin-a2", 4800)]
    [TestCase("kst-51", 9600)]
    [TestCase("lcd1602-kit", 9600)]
    public void The_serial_bridge_uses_the_firmware_rate_for_the_crystal(string name, int baud)
    {
        Assert.That(new VirtualBoard(BoardFile.Load(RepositoryFiles.BoardFilePath(name))).Serial!.Baud, Is.EqualTo(baud));
    }
}
