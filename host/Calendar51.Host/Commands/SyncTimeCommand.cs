using System.CommandLine;

namespace Calendar51.Host.Commands;

/// <summary>`calendar51 sync-time --port PORT`: sets the board's clock to the PC's local time and reads it back.</summary>
public static class SyncTimeCommand
{
    public static Command Create(Func<TextWriter, SerialEnvironment>? environment = null)
    {
        var port = ClockCommandSupport.PortOption();
        var baud = ClockCommandSupport.BaudOption();
        var board = ClockCommandSupport.BoardOption();
        var command = new Command("sync-time", $"""
            Set the clock board (or the emulator) to this PC's local time, to the second.
            The command is sent so that it arrives just as the PC's second turns. The board's time is then read
            back and its offset shown.

            {ClockCommandSupport.ExitCodes}
            """) { port, baud, board };
        command.Action = new ExitCodeAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var env = (environment ?? SerialEnvironment.Real)(stdout);
            return ClockCommandSupport.Run(env, parseResult.GetValue(port), parseResult.GetValue(baud), parseResult.GetValue(board), stdout, stderr, client =>
            {
                var version = client.QueryVersion();
                stdout.WriteLine($"Board: {version.Firmware} {version.Version} on {version.Board}, crystal {version.CrystalHz} Hz");
                var set = client.SetTimeAtNextSecond();
                stdout.WriteLine($"Set to {set:yyyy-MM-dd HH:mm:ss}.");
                var (sample, board) = client.QueryTime();
                var offset = client.MeasureOffset();
                stdout.WriteLine($"Read back {board.Time:yyyy-MM-dd HH:mm:ss} (weekday {board.IsoWeekday}); " +
                                 $"offset {ClockCommandSupport.FormatOffset(offset.Offset)} ± {offset.Uncertainty.TotalMilliseconds:0} ms.");
                if (!board.WeekdayMatchesDate)
                {
                    stderr.WriteLine($"warning: the board reports weekday {board.IsoWeekday} for {board.Time:yyyy-MM-dd}, which is a {board.Time.DayOfWeek}");
                }
                if (Math.Abs(offset.Offset.TotalSeconds) >= 1)
                {
                    stderr.WriteLine($"error: after setting, the board is {ClockCommandSupport.FormatOffset(offset.Offset)} off (last sample {sample.BoardTime:HH:mm:ss})");
                    return ClockCommandSupport.Failed;
                }
                return ClockCommandSupport.Done;
            });
        }, ClockCommandSupport.BadInput);
        return command;
    }
}
