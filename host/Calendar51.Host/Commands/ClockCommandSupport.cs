using System.CommandLine;
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

    public static Option<int> BaudOption() => new("--baud", "-b")
    {
        Description = "Baud rate of the clock firmware (4800 on 12 MHz boards)",
        DefaultValueFactory = _ => 9600,
    };

    /// <summary>Opens the port 8N1 and runs <paramref name="body"/>, mapping failures to the documented exit codes.</summary>
    public static int Run(SerialEnvironment env, string? port, int baud, TextWriter stdout, TextWriter stderr, Func<ClockClient, int> body)
    {
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
            return body(new ClockClient(transport, env.Time, () => DateTime.Now, env.Cancellation));
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

    public static string FormatOffset(TimeSpan offset) =>
        $"{(offset < TimeSpan.Zero ? "-" : "+")}{Math.Abs(offset.TotalSeconds):0.000} s";
}
