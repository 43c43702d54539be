using System.Net;
using System.Net.Sockets;

namespace Calendar51.Host.Emulation.Serial;

/// <summary>A TCP port standing in for the serial port: one client at a time, a newer one replaces the older.</summary>
public sealed class TcpSerialLink : SerialLink
{
    private static readonly TimeSpan AcceptPoll = TimeSpan.FromMilliseconds(100);
    private readonly TcpListener listener;
    private volatile Socket? client;

    public TcpSerialLink(IPEndPoint endpoint)
    {
        listener = new TcpListener(endpoint);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            throw new IOException($"--serial tcp:{endpoint}: cannot listen: {e.Message}", e);
        }
        Address = "tcp:" + listener.LocalEndpoint;
    }

    public override string Address { get; }

    protected override void ReadLoop()
    {
        var buffer = new byte[256];
        while (!Stopping.IsCancellationRequested)
        {
            if (listener.Pending())
            {
                client?.Dispose();
                client = listener.AcceptSocket();
            }
            if (client is not { } current || !current.Poll(AcceptPoll, SelectMode.SelectRead))
            {
                if (client is null) Thread.Sleep(AcceptPoll);
                continue;
            }
            int count;
            try
            {
                count = current.Receive(buffer);
            }
            catch (SocketException)
            {
                count = 0;
            }
            if (count > 0) Received(buffer.AsSpan(0, count));
            else
            {
                // The client hung up.
                current.Dispose();
                if (ReferenceEquals(client, current)) client = null;
            }
        }
    }

    protected override void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            client?.Send(bytes);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client left while the MCU was talking: its bytes are lost, as on a real line.
        }
    }

    protected override void Release()
    {
        client?.Dispose();
        listener.Stop();
    }
}
