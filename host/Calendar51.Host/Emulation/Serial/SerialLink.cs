using System.Collections.Concurrent;

namespace Calendar51.Host.Emulation.Serial;

/// <summary>
/// Bridges bytes between something outside (a pty, a TCP client) and the board's USB-serial bridge:
/// bytes in go to <see cref="EmulationSession.SendSerial"/>, which shifts them into RXD at the
/// board's baud; bytes the MCU sends leave through a writer thread so the emulation never waits.
/// </summary>
public abstract class SerialLink : IDisposable
{
    private const int OutgoingCapacity = 64 * 1024;
    private readonly BlockingCollection<byte> outgoing = new(OutgoingCapacity);
    private readonly CancellationTokenSource stop = new();
    private readonly List<Thread> threads = [];
    private EmulationSession? session;

    /// <summary>What to tell the user: the pty's path or the TCP address.</summary>
    public abstract string Address { get; }

    protected CancellationToken Stopping => stop.Token;

    public static SerialLink Open(SerialEndpoint endpoint, EmulationSession session)
    {
        SerialLink link = endpoint.Tcp is { } tcp ? new TcpSerialLink(tcp) : PtySerialLink.Create();
        link.Attach(session);
        return link;
    }

    private void Attach(EmulationSession target)
    {
        session = target;
        target.SerialByteOut += Enqueue;
        StartThread("serial in", ReadLoop);
        StartThread("serial out", WriteLoop);
    }

    private void Enqueue(byte value)
    {
        // Nobody reading for 64 KB: drop, as a UART with nothing on the line would.
        outgoing.TryAdd(value);
    }

    protected void StartThread(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = "calendar51 " + name };
        threads.Add(thread);
        thread.Start();
    }

    /// <summary>Bytes that arrived from outside.</summary>
    protected void Received(ReadOnlySpan<byte> bytes) => session?.SendSerial(bytes.ToArray());

    /// <summary>Reads from outside until <see cref="Stopping"/>; every wait inside is bounded so it notices.</summary>
    protected abstract void ReadLoop();

    /// <summary>Sends bytes outside; may drop them when nobody is connected.</summary>
    protected abstract void Write(ReadOnlySpan<byte> bytes);

    private void WriteLoop()
    {
        var buffer = new byte[256];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                buffer[0] = outgoing.Take(stop.Token);
                int count = 1;
                while (count < buffer.Length && outgoing.TryTake(out var next)) buffer[count++] = next;
                Write(buffer.AsSpan(0, count));
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public void Dispose()
    {
        if (session is not null) session.SerialByteOut -= Enqueue;
        stop.Cancel();
        foreach (var thread in threads) thread.Join();
        Release();
        outgoing.Dispose();
        stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes what the link opened (after its threads have ended).</summary>
    protected abstract void Release();
}
