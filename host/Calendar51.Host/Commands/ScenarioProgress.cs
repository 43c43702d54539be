using System.Diagnostics;
using Calendar51.Emulator.Scenarios;

namespace Calendar51.Host.Commands;

/// <summary>
/// What `scenario` shows while a long delay runs: on a terminal a bar redrawn in place, on a pipe one
/// line every <see cref="PipeInterval"/>; both with the virtual time and how many times faster than real
/// time it runs.
/// </summary>
public sealed class ScenarioProgress(TextWriter output, bool terminal, TimeSpan pipeInterval)
{
    public static readonly TimeSpan PipeInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    private const int BarWidth = 30;

    private readonly Stopwatch sinceShown = Stopwatch.StartNew();
    private readonly Stopwatch stepClock = new();
    private ScenarioStep? step;
    private bool barShown;

    internal void Report(ScenarioStep current, TimeSpan done, TimeSpan length, TimeSpan virtualTime)
    {
        if (!ReferenceEquals(current, step))
        {
            step = current;
            stepClock.Restart();
        }
        if (sinceShown.Elapsed < (terminal ? TerminalInterval : pipeInterval)) return;
        sinceShown.Restart();
        double speed = stepClock.Elapsed.TotalSeconds > 0 ? done.TotalSeconds / stepClock.Elapsed.TotalSeconds : 0;
        double fraction = length > TimeSpan.Zero ? Math.Clamp(done / length, 0, 1) : 1;
        string what = $"{current.Location}  {current.Describe()}";
        string figures = $"{fraction:P0}  {ScenarioCommand.FormatTime(virtualTime)}  {speed:0}× real time";
        if (terminal)
        {
            int filled = (int)Math.Round(fraction * BarWidth);
            output.Write($"\r\x1b[K     [{new string('#', filled)}{new string('.', BarWidth - filled)}] {figures}  {what}");
            barShown = true;
        }
        else
        {
            output.WriteLine($"...  {what}  {figures}");
        }
        output.Flush();
    }

    /// <summary>Removes the bar before a line is printed.</summary>
    public void Clear()
    {
        if (!barShown) return;
        output.Write("\r\x1b[K");
        barShown = false;
    }
}
