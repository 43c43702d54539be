using System.CommandLine;
using Calendar51.Host.ClockLink;

namespace Calendar51.Host.Commands;

/// <summary>`calendar51 time --port PORT [--watch]`: reads the board's clock; --watch tracks its offset and drift.</summary>
public static class TimeCommand
{
    public static Command Create(Func<TextWriter, SerialEnvironment>? environment = null)
    {
        var port = ClockCommandSupport.PortOption();
        var baud = ClockCommandSupport.BaudOption();
        var board = ClockCommandSupport.BoardOption();
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep measuring the offset from the PC clock and the drift in ppm until Ctrl-C" };
        var interval = new Option<int>("--interval") { Description = "Seconds between measurements with --watch", DefaultValueFactory = _ => 10 };
        var samples = new Option<int>("--samples") { Description = "Stop --watch after this many measurements (0 = until Ctrl-C, which then exits 0)", DefaultValueFactory = _ => 0 };
        var command = new Command("time", $"""
            Read the clock board's (or the emulator's) date and time and its offset from this PC's clock.
            The offset is measured to a few tens of milliseconds by polling until the board's second turns. With --watch,
            repeat every --interval seconds and print the drift in ppm (a DS1302 with a good 32.768 kHz crystal
            stays within about ±20 ppm, under 2 s a day).

            {ClockCommandSupport.ExitCodes}
            """) { port, baud, board, watch, interval, samples };
        command.Action = new ExitCodeAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(interval) is < 2 or > 3600 || parseResult.GetValue(samples) < 0)
            {
                stderr.WriteLine("error: --interval must be 2..3600 seconds and --samples 0 or more");
                return ClockCommandSupport.BadInput;
            }
            var env = (environment ?? SerialEnvironment.Real)(stdout);
            return ClockCommandSupport.Run(env, parseResult.GetValue(port), parseResult.GetValue(baud), parseResult.GetValue(board), stdout, stderr, client =>
            {
                var (_, board) = client.QueryTime();
                stdout.WriteLine($"Board: {board.Time:yyyy-MM-dd HH:mm:ss} (weekday {board.IsoWeekday})");
                if (!board.WeekdayMatchesDate)
                {
                    stderr.WriteLine($"warning: weekday {board.IsoWeekday} does not match {board.Time:yyyy-MM-dd} (a {board.Time.DayOfWeek})");
                }
                if (!parseResult.GetValue(watch))
                {
                    var offset = client.MeasureOffset();
                    stdout.WriteLine($"PC:    {offset.At:yyyy-MM-dd HH:mm:ss.fff}; board offset {ClockCommandSupport.FormatOffset(offset.Offset)} ± {offset.Uncertainty.TotalMilliseconds:0} ms");
                    return ClockCommandSupport.Done;
                }
                return Watch(client, env, stdout, TimeSpan.FromSeconds(parseResult.GetValue(interval)), parseResult.GetValue(samples));
            });
        }, ClockCommandSupport.BadInput);
        return command;
    }

    private static int Watch(ClockClient client, SerialEnvironment env, TextWriter stdout, TimeSpan interval, int limit)
    {
        var measurements = new List<OffsetMeasurement>();
        try
        {
            while (limit == 0 || measurements.Count < limit)
            {
                if (measurements.Count > 0)
                {
                    env.Time.Sleep(interval, env.Cancellation);
                }
                var m = client.MeasureOffset();
                measurements.Add(m);
                var drift = ClockOffset.DriftPpm(measurements);
                var driftUncertainty = ClockOffset.DriftUncertaintyPpm(measurements);
                var span = m.At - measurements[0].At;
                stdout.WriteLine($"{m.At:yyyy-MM-dd HH:mm:ss}  offset {ClockCommandSupport.FormatOffset(m.Offset)} ± {m.Uncertainty.TotalMilliseconds:0} ms" +
                                 (drift is { } ppm ? $"  drift {ppm:+0.0;-0.0} ± {driftUncertainty:0.0} ppm over {span:hh\\:mm\\:ss}" : ""));
            }
        }
        catch (OperationCanceledException) when (measurements.Count > 0)
        {
            // Ctrl-C is how a watch normally ends.
        }
        return ClockCommandSupport.Done;
    }
}
