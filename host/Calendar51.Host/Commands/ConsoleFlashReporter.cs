using Calendar51.Host.Stc;

namespace Calendar51.Host.Commands;

/// <summary>
/// Flash progress for people: a redrawn bar with bytes and bytes/s on a terminal, plain lines (one per
/// quarter) when the output is a file or pipe; frames as "-> 46 B9 6A …" with --debug.
/// </summary>
public sealed class ConsoleFlashReporter(TextWriter output, bool isTerminal, bool debug) : IFlashReporter
{
    private const int BarWidth = 30;
    private int _lastQuarter = -1;
    private bool _barOpen;

    public void Info(string line)
    {
        EndBar();
        output.WriteLine(line);
    }

    public void Frame(bool fromHost, ReadOnlySpan<byte> bytes)
    {
        if (!debug)
        {
            return;
        }
        EndBar();
        output.WriteLine($"{(fromHost ? "->" : "<-")} {FrameHex.Format(bytes)}");
    }

    public void Progress(int bytesDone, int bytesTotal, TimeSpan elapsed)
    {
        var rate = elapsed > TimeSpan.Zero ? bytesDone / elapsed.TotalSeconds : 0;
        var text = $"{bytesDone}/{bytesTotal} bytes, {rate:0} bytes/s";
        if (isTerminal && !debug)
        {
            var filled = bytesTotal == 0 ? BarWidth : bytesDone * BarWidth / bytesTotal;
            output.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {text}   ");
            _barOpen = true;
            if (bytesDone >= bytesTotal)
            {
                EndBar();
            }
            return;
        }
        var quarter = bytesTotal == 0 ? 4 : bytesDone * 4 / bytesTotal;
        if (quarter != _lastQuarter)
        {
            _lastQuarter = quarter;
            output.WriteLine($"Written {text}");
        }
    }

    private void EndBar()
    {
        if (_barOpen)
        {
            output.WriteLine();
            _barOpen = false;
        }
    }
}
