using System.CommandLine;
using System.Text;
using Calendar51.Host.ClockLink;
using Calendar51.Host.Commands;
using Calendar51.Host.Serial;

namespace Calendar51.Tests.ClockLink;

/// <summary>Issue 9 §5: without --baud the clock commands find the baud the board answers at.</summary>
public class BaudFromTheBoardTests
{
    /// <summary>The clock firmware on an 11.0592 MHz board: it understands only 9600 baud.</summary>
    private sealed class NineSixHundredBoard : ISerialTransport
    {
        private readonly StringBuilder line = new();
        private readonly Queue<byte> replies = new();

        public string PortName => "fake";
        public int BaudRate { get; private set; } = 4800;
        public LineParity Parity => LineParity.None;
        public List<int> RatesTried { get; } = [];

        public void SetLineFormat(int baudRate, LineParity parity)
        {
            BaudRate = baudRate;
            RatesTried.Add(baudRate);
        }

        public void Write(ReadOnlySpan<byte> data)
        {
            if (BaudRate != 9600) return; // at the wrong baud the UART hears garbage and stays silent
            foreach (byte b in data)
            {
                if (b != '\n') { if (b != '\r') line.Append((char)b); continue; }
                var now = DateTime.Now;
                string? reply = line.ToString() switch
                {
                    "V?" => "V=Calendar51 1.1 kst-51 11059200",
                    "T?" => $"T={now:yyyy-MM-dd HH:mm:ss} {ClockMessages.IsoWeekday(now)}",
                    _ => null,
                };
                line.Clear();
                if (reply is not null) foreach (byte r in Encoding.ASCII.GetBytes(reply + "\r\n")) replies.Enqueue(r);
            }
        }

        public int Read(Span<byte> buffer, TimeSpan timeout, CancellationToken cancellation)
        {
            if (replies.Count == 0)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(5, timeout.TotalMilliseconds)));
                return 0;
            }
            int count = 0;
            while (count < buffer.Length && replies.Count > 0) buffer[count++] = replies.Dequeue();
            return count;
        }

        public void DiscardInput() => replies.Clear();
        public bool TrySetModemLine(ModemLine modemLine, bool asserted) => false;
        public void Dispose() { }
    }

    [Test, CancelAfter(20_000)]
    public void WithoutBaudTheBoardThatAnswersAt9600IsFound()
    {
        var board = new NineSixHundredBoard();
        var environment = new SerialEnvironment((_, baud, _) => { board.SetLineFormat(baud, LineParity.None); return board; },
            new SystemTimeSource(), false, CancellationToken.None);
        var root = new RootCommand { TimeCommand.Create(_ => environment) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = root.Parse(["time", "--port", "fake"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.That(exit, Is.Zero, stdout.ToString() + stderr);
        Assert.That(board.RatesTried, Is.EqualTo(new[] { 4800, 9600 }), "the default board's baud first, then the other");
        Assert.That(stderr.ToString(), Does.Contain("no answer at 4800 baud, but kst-51 (11059200 Hz) answers at 9600"));
        Assert.That(stdout.ToString(), Does.Contain("Board: "));
    }
}
