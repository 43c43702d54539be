using System.Diagnostics;
using System.Text;

namespace Calendar51.Host.Emulation;

/// <summary>
/// The interactive view on a terminal: redraws <see cref="TerminalFrame"/> in place on the
/// alternate screen. Keys 1–4 hold the board's keys through a <see cref="KeyHoldTracker"/> (a
/// terminal reports no key-up: the button is released half a second after the key's last
/// auto-repeat), + and - warm or cool the first DS18B20 by 0.5 °C, p power-cycles the board, q quits.
/// </summary>
public sealed class TerminalView(EmulationSession session, EmulationInfo info, TextWriter output)
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(40);

    public void Run(CancellationTokenSource quit)
    {
        var holds = new KeyHoldTracker();
        var clock = Stopwatch.StartNew();
        output.Write("\x1b[?1049h\x1b[?25l");   // alternate screen, cursor hidden
        long drawn = -1;
        try
        {
            while (!quit.IsCancellationRequested)
            {
                while (Console.KeyAvailable)
                {
                    var key = Console.ReadKey(intercept: true);
                    if (key.KeyChar is 'q' or 'Q')
                    {
                        quit.Cancel();
                        break;
                    }
                    if (key.KeyChar is '+' or '-')
                    {
                        session.StepTemperature(key.KeyChar == '+' ? 1 : -1);
                        continue;
                    }
                    if (key.KeyChar is 'p' or 'P')
                    {
                        session.PowerCycle();
                        continue;
                    }
                    int index = key.KeyChar - '1';
                    if (index >= 0 && index < info.Keys.Count && holds.KeyEvent(info.Keys[index], clock.Elapsed))
                        session.Press(info.Keys[index]);
                }
                foreach (var released in holds.Expire(clock.Elapsed)) session.Release(released);

                var snapshot = session.Latest;
                if (snapshot.Sequence != drawn)
                {
                    Draw(snapshot);
                    drawn = snapshot.Sequence;
                }
                if (session.Fault is { } fault)
                {
                    quit.Cancel();
                    throw new InvalidOperationException($"the emulation stopped: {fault.Message}", fault);
                }
                quit.Token.WaitHandle.WaitOne(FrameInterval);
            }
        }
        finally
        {
            foreach (var released in holds.ReleaseAll()) session.Release(released);
            output.Write("\x1b[?25h\x1b[?1049l");
            output.Flush();
        }
    }

    private void Draw(EmulationSnapshot snapshot)
    {
        var frame = new StringBuilder("\x1b[H");
        foreach (var line in TerminalFrame.Render(snapshot, info)) frame.Append(line).Append("\x1b[K\r\n");
        frame.Append("\x1b[J");
        output.Write(frame.ToString());
        output.Flush();
    }
}
