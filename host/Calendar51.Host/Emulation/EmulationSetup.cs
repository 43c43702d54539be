using System.Globalization;
using Calendar51.Emulator;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Host.Emulation;

/// <summary>What <c>calendar51 emulate</c> was asked to start.</summary>
/// <param name="Time">the DS1302's time at power-on; null: host local time, or the battery file's when there is one</param>
/// <param name="Engine">how the core executes code (kept across power cycles)</param>
public sealed record EmulationOptions(string HexPath, string BoardName, DateTime? Time, EmulationSpeed Speed, string? BatteryPath,
    ExecutionEngine Engine = ExecutionEngine.Translator);

/// <summary>Builds the powered-on board for a session: firmware loaded, DS1302 set from --time or the battery file.</summary>
public static class EmulationSetup
{
    /// <summary>Parses <c>now</c> (host local time) or <c>YYYY-MM-DDTHH:MM:SS</c>.</summary>
    public static bool TryParseTime(string text, DateTime hostNow, out DateTime time, out string error)
    {
        error = "";
        if (text.Trim().Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            time = hostNow;
            return true;
        }
        if (!DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            error = $"--time '{text}' is not 'now' or YYYY-MM-DDTHH:MM:SS (e.g. 2028-02-28T23:59:55)";
            return false;
        }
        if (time.Year is < 2000 or > 2099)
        {
            error = $"--time '{text}': the DS1302 holds years 2000–2099";
            return false;
        }
        return true;
    }

    /// <summary>
    /// The board with the firmware loaded and the DS1302 set. Throws <see cref="HexFormatException"/>,
    /// <see cref="BoardFormatException"/>, <see cref="FileNotFoundException"/>, <see cref="IOException"/>
    /// or <see cref="FormatException"/> (battery file) with messages that name the file.
    /// </summary>
    public static VirtualBoard PowerOn(EmulationOptions options, DateTime hostNow, DateTime hostUtcNow)
    {
        if (options.BatteryPath is { } batteryPath) CheckBatteryWritable(batteryPath);
        var board = new VirtualBoard(BoardCatalog.Load(options.BoardName));
        board.Cpu.Engine = options.Engine;
        var image = IntelHex.Load(options.HexPath, board.Description.Mcu.CodeSize);
        board.Cpu.LoadCode(image.Data.AsSpan(0, board.Description.Mcu.CodeSize));
        if (board.Rtc is not { } rtc) return board;

        bool restored = false;
        if (options.BatteryPath is { } battery && File.Exists(battery))
        {
            rtc.RestoreBattery(Ds1302Battery.Load(battery), 0);
            // The coin cell kept the oscillator running while the emulator was off (since the file was saved).
            var off = hostUtcNow - File.GetLastWriteTimeUtc(battery);
            if (off > TimeSpan.Zero) rtc.AdvanceWhileUnpowered(off);
            restored = true;
        }
        if (options.Time is { } time) rtc.SetDateTime(time, 0);
        else if (!restored) rtc.SetDateTime(hostNow, 0);
        return board;
    }

    /// <summary>
    /// The battery is saved on quit: find out now, not after the session, that it cannot be
    /// (a directory, a missing folder, no permission), or the whole session's clock is lost.
    /// </summary>
    private static void CheckBatteryWritable(string path)
    {
        if (Directory.Exists(path)) throw new InputFileException($"--battery {path}: is a directory, not a DS1302 battery file");
        bool existed = File.Exists(path);
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"--battery {path}: cannot be written on quit: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}", e);
        }
        if (!existed) File.Delete(path); // an empty file would not load next time
    }

    /// <summary>Saves what the DS1302's coin cell keeps (call after the session stopped).</summary>
    public static void SaveBattery(VirtualBoard board, string path)
    {
        board.Rtc?.CaptureBattery(board.Cpu.Cycles).Save(path);
    }
}
