using System.Globalization;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.LogicAnalyser;

/// <summary>One decoded bus transfer: when (virtual time and cycle), where the program was, which bus, what.</summary>
public sealed record BusLine(TimeSpan Time, long Cycle, int Pc, string Source, string Text)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Time.TotalSeconds,12:0.000000} s  pc {Pc:X4}  {Source,-4} {Text}");
}

/// <summary>
/// Turns bus traffic into lines: DS1302 transfers and HD44780 transfers as the chip models report
/// them (their own state machines, so the decoding cannot disagree with what the chips did), and the
/// UART's bytes as the core sends and receives them. Attaching is what costs: a board nobody
/// decodes raises nothing.
/// </summary>
public sealed class BusDecoder
{
    public const string UartSource = "uart";

    private static readonly string[] ClockRegisters = ["seconds", "minutes", "hour", "date", "month", "day", "year", "control", "trickle charger"];

    /// <summary>Raised on the emulation thread for every decoded transfer.</summary>
    public event Action<BusLine>? Decoded;

    /// <summary>Decodes <paramref name="board"/>'s chips and UART from now on (call again for the board a power cycle makes).</summary>
    public void Attach(VirtualBoard board)
    {
        var cpu = board.Cpu;
        TimeSpan TimeOf(long cycle) => board.PoweredOnAt + board.Clock.ToTimeSpan(cycle);
        void Emit(long cycle, string source, string text) => Decoded?.Invoke(new BusLine(TimeOf(cycle), cycle, cpu.PC, source, text));
        if (board.Rtc is { } rtc) rtc.Transferred += transfer => Emit(transfer.Cycle, rtc.Options.Name, Describe(transfer));
        if (board.Lcd is { } lcd) lcd.Transferred += transfer => Emit(transfer.Cycle, lcd.Options.Name, Describe(transfer));
        AttachUart(cpu, (cycle, text) => Emit(cycle, UartSource, text));
    }

    /// <summary>Decodes the UART of a core with no board around it, timed by <paramref name="clock"/>.</summary>
    public void Attach(Mcs51 cpu, MachineClock clock) =>
        AttachUart(cpu, (cycle, text) => Decoded?.Invoke(new BusLine(clock.ToTimeSpan(cycle), cycle, cpu.PC, UartSource, text)));

    private static void AttachUart(Mcs51 cpu, Action<long, string> emit)
    {
        cpu.ByteTransmitted += (frame, cycle) => emit(cycle, "TX " + DescribeSerialByte(frame));
        cpu.ByteReceived += (frame, cycle) => emit(cycle, "RX " + DescribeSerialByte(frame));
    }

    // ---- DS1302 -------------------------------------------------------------------------------------

    /// <summary>E.g. <c>read seconds (81): 45</c>, <c>burst write clock (BE): 00 30 12 28 04 01 25 00</c>.</summary>
    public static string Describe(Ds1302Transfer transfer)
    {
        byte command = transfer.Command;
        if ((command & 0x80) == 0) return $"command {command:X2} ignored: bit 7 clear";
        string direction = transfer.IsRead ? "read" : "write";
        string data = transfer.ByteCount == 0
            ? transfer.IsRead ? "no byte clocked out" : "no byte written"
            : string.Join(" ", transfer.Data.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))
              + (transfer.ByteCount > transfer.Data.Length ? $" … ({transfer.ByteCount} bytes)" : "");
        return $"{(IsBurst(command) ? "burst " : "")}{direction} {RegisterName(command)} ({command:X2}): {data}";
    }

    private static bool IsBurst(byte command) => (command >> 1 & 0x1F) == 31;

    /// <summary>What a command byte addresses: a clock register by name, a RAM byte, or a burst's space.</summary>
    public static string RegisterName(byte command)
    {
        bool ram = (command & 0x40) != 0;
        int address = command >> 1 & 0x1F;
        if (address == 31) return ram ? "RAM" : "clock";
        if (ram) return $"RAM {address}";
        return address < ClockRegisters.Length ? ClockRegisters[address] : $"clock address {address} (nothing there)";
    }

    // ---- HD44780 ------------------------------------------------------------------------------------

    /// <summary>E.g. <c>instruction C0: set DDRAM 0x40</c>, <c>write 'A' to DDRAM 0x40</c>, <c>busy flag read: 1 (AC 0x05)</c>.</summary>
    public static string Describe(Hd44780Transfer transfer)
    {
        string text = transfer.Access switch
        {
            Hd44780Access.Instruction => $"instruction {transfer.Value:X2}: {DescribeInstruction(transfer.Value)}",
            Hd44780Access.DataWrite => $"write {Character(transfer.Value, transfer.AddressesCgram)} to {Memory(transfer)}",
            Hd44780Access.BusyFlagRead => $"busy flag read: {transfer.Value >> 7} (AC 0x{transfer.Value & 0x7F:X2})",
            _ => $"read {Character(transfer.Value, transfer.AddressesCgram)} from {Memory(transfer)}",
        };
        return transfer.Ignored ? text + " — ignored: busy" : text;
    }

    public static string DescribeInstruction(byte value)
    {
        if ((value & 0x80) != 0) return $"set DDRAM 0x{value & 0x7F:X2}";
        if ((value & 0x40) != 0) return $"set CGRAM 0x{value & 0x3F:X2}";
        if ((value & 0x20) != 0)
            return $"function set {((value & 0x10) != 0 ? "8-bit" : "4-bit")} {((value & 0x08) != 0 ? "2 lines" : "1 line")} {((value & 0x04) != 0 ? "5x10" : "5x8")}";
        if ((value & 0x10) != 0) return $"shift {((value & 0x08) != 0 ? "display" : "cursor")} {((value & 0x04) != 0 ? "right" : "left")}";
        if ((value & 0x08) != 0)
            return $"display {OnOff(value & 0x04)}, cursor {OnOff(value & 0x02)}, blink {OnOff(value & 0x01)}";
        if ((value & 0x04) != 0) return $"entry mode {((value & 0x02) != 0 ? "increment" : "decrement")}{((value & 0x01) != 0 ? ", shift display" : "")}";
        if ((value & 0x02) != 0) return "home";
        if ((value & 0x01) != 0) return "clear";
        return "undefined (00)";
    }

    private static string OnOff(int bit) => bit != 0 ? "on" : "off";

    private static string Memory(Hd44780Transfer transfer) =>
        transfer.AddressesCgram ? $"CGRAM 0x{transfer.Address:X2}" : $"DDRAM 0x{transfer.Address:X2}";

    /// <summary>A printable ASCII character in quotes, anything else (and every CGRAM byte) as hex.</summary>
    private static string Character(byte value, bool cgram) =>
        !cgram && value is >= 0x20 and < 0x7F ? $"'{(char)value}'" : $"0x{value:X2}";

    // ---- UART ---------------------------------------------------------------------------------------

    private static string DescribeSerialByte(int frame)
    {
        byte value = (byte)frame;
        string shown = value switch
        {
            (byte)'\r' => @" '\r'",
            (byte)'\n' => @" '\n'",
            >= 0x20 and < 0x7F => $" '{(char)value}'",
            _ => "",
        };
        return $"{value:X2}{shown}" + (frame > 0xFF ? " (9th bit 1)" : "");
    }
}
