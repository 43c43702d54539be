using System.CommandLine;
using System.Globalization;
using Calendar51.Emulator.Board;
using Calendar51.Host.ClockLink;
using Calendar51.Host.Serial;

namespace Calendar51.Host.Commands;

/// <summary>What `sync-time` and `time` share: options, exit codes, opening the port, error handling.</summary>
public static class ClockCommandSupport
{
    public const string ExitCodes = """
        Exit codes:
          0  done
          1  protocol or serial error (no answer, malformed reply, board refused the time, port failure)
          2  cancelled (Ctrl-C)
          3  bad input (options)
        """;

    public const int Done = 0;
    public const int Failed = 1;
    public const int Cancelled = 2;
    public const int BadInput = 3;

    public static Option<string> PortOption() => new("--port", "-p") { Description = "Serial port of the board, or the emulator's pty" };

    public static Option<int?> BaudOption() => new("--baud", "-b")
    {
        Description = $"Baud rate of the clock firmware (default: that of --board: 4800 on 12 MHz boards such as {BoardCatalog.DefaultBoard}, 9600 on 11.0592 MHz ones)",
    };

    public static Option<string?> BoardOption() => new("--board")
    {
        Description = $"The board the firmware was built for (default {BoardCatalog.DefaultBoard}); sets the default --baud",
    };

    /// <summary>Opens the port 8N1 and runs <paramref name="body"/>, mapping failures to the documented exit codes.</summary>
    public static int Run(SerialEnvironment env, string? port, int? baudOption, string? board, TextWriter stdout, TextWriter stderr, Func<ClockClient, int> body)
    {
        int baud;
        try
        {
            baud = ResolveBaud(baudOption, board);
        }
        catch (Exception e) when (e is BoardFormatException or IOException)
        {
            stderr.WriteLine($"error: --board: {e.Message}");
            return BadInput;
        }
        if (string.IsNullOrWhiteSpace(port))
        {
            stderr.WriteLine("error: --port is required (e.g. --port /dev/ttyUSB0, or the emulator's pty)");
            return BadInput;
        }
        if (baud is < 300 or > 1_000_000)
        {
            stderr.WriteLine($"error: --baud {baud} is out of range 300..1000000");
            return BadInput;
        }
        try
        {
            using var transport = env.OpenPort(port, baud, LineParity.None);
            var client = new ClockClient(transport, env.Time, () => DateTime.Now, env.Cancellation);
            client.EndPartialLine();
            if (baudOption is null) FollowTheBoardsBaud(transport, client, stderr);
            return body(client);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("Cancelled.");
            return Cancelled;
        }
        catch (ClockProtocolException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
        catch (SerialTransportException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    /// <summary>
    /// Without --baud: ask V? at the expected baud; if nothing answers, at the other baud the firmware
    /// uses (4800 at 12 MHz, 9600 at 11.0592 MHz), and stay there if the board answers: the board says
    /// which it is. When neither answers, the error names both.
    /// </summary>
    private static void FollowTheBoardsBaud(ISerialTransport transport, ClockClient client, TextWriter stderr)
    {
        int expected = transport.BaudRate;
        if (expected is not (4800 or 9600)) return;
        ClockProtocolException silence;
        try
        {
            client.QueryVersion();
            return;
        }
        catch (ClockProtocolException e)
        {
            silence = e; // silent or garbled at this baud: try the other
        }
        int other = expected == 4800 ? 9600 : 4800;
        transport.SetLineFormat(other, LineParity.None);
        client.EndPartialLine();
        try
        {
            var version = client.QueryVersion();
            stderr.WriteLine($"note: no answer at {expected} baud, but {version.Board} ({version.CrystalHz} Hz) answers at {other}: using {other} (next time: --board {version.Board} or --baud {other})");
        }
        catch (ClockProtocolException)
        {
            throw new ClockProtocolException($"{silence.Message} (nor at {other} baud)");
        }
    }

    /// <summary>"+0.042 s"; from a minute on also minutes, hours and days: "-3 d 04 h 05 min 06.250 s".</summary>
    public static string FormatOffset(TimeSpan offset)
    {
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        var size = offset.Duration();
        string seconds = (size.TotalSeconds % 60).ToString(size.TotalSeconds < 60 ? "0.000" : "00.000", CultureInfo.InvariantCulture);
        if (size < TimeSpan.FromMinutes(1)) return $"{sign}{seconds} s";
        if (size < TimeSpan.FromHours(1)) return $"{sign}{size.Minutes} min {seconds} s";
        if (size < TimeSpan.FromDays(1)) return $"{sign}{size.Hours} h {size.Minutes:00} min {seconds} s";
        return $"{sign}{(long)size.TotalDays} d {size.Hours:00} h {size.Minutes:00} min {seconds} s";
    }

    /// <summary>The firmware's baud: --baud, else that of --board's crystal, else the default board's (prechin-a2, 12 MHz: 4800).</summary>
    public static int ResolveBaud(int? baud, string? board) =>
        baud ?? VirtualBoard.DefaultBaud(BoardCatalog.Load(board ?? BoardCatalog.DefaultBoard).CrystalHz);
}
