using System.IO.Ports;

namespace Calendar51.Host.Serial;

/// <summary><see cref="ISerialTransport"/> over System.IO.Ports; every port failure becomes a <see cref="SerialTransportException"/>.</summary>
public sealed class SystemSerialTransport : ISerialTransport
{
    // Reads block in slices this long so cancellation (Ctrl-C) is noticed promptly.
    private static readonly TimeSpan ReadSlice = TimeSpan.FromMilliseconds(50);

    private readonly SerialPort _port;
    private LineParity _parity;

    private SystemSerialTransport(SerialPort port, LineParity parity)
    {
        _port = port;
        _parity = parity;
    }

    public string PortName => _port.PortName;

    public int BaudRate => _port.BaudRate;

    public LineParity Parity => _parity;

    /// <summary>
    /// A Linux pseudo-terminal (e.g. `calendar51 emulate --serial pty`) carries bytes, not bits: the kernel
    /// refuses parity on it (EINVAL) and none is needed, so a parity change there is only remembered.
    /// </summary>
    private bool IsPseudoTerminal => _port.PortName.StartsWith("/dev/pts/", StringComparison.Ordinal);

    /// <summary>Opens 8-bit, 1-stop-bit, no handshake; the baud is set again after opening (old CH340 drivers ignored it otherwise).</summary>
    public static SystemSerialTransport Open(string portName, int baudRate, LineParity parity)
    {
        // System.IO.Ports reports a missing device or a directory as "Access denied": name the real cause.
        if (Directory.Exists(portName)) throw new SerialTransportException($"cannot open serial port {portName}: it is a directory, not a serial device");
        if (!OperatingSystem.IsWindows() && !File.Exists(portName))
            throw new SerialTransportException($"cannot open serial port {portName}: no such device (is the board plugged in? ls /dev/ttyUSB* /dev/ttyACM*)");
        var port = new SerialPort(portName, baudRate, ToPortParity(parity), 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = (int)ReadSlice.TotalMilliseconds,
            WriteTimeout = 5000,
        };
        try
        {
            port.Open();
            port.BaudRate = baudRate;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new SerialTransportException($"cannot open serial port {portName}: {e.Message}", e);
        }
        return new SystemSerialTransport(port, parity);
    }

    public void SetLineFormat(int baudRate, LineParity parity)
    {
        Guard(() =>
        {
            if (_port.Parity != ToPortParity(parity) && !IsPseudoTerminal)
            {
                _port.Parity = ToPortParity(parity);
            }
            _parity = parity;
            if (_port.BaudRate != baudRate)
            {
                _port.BaudRate = baudRate;
            }
        }, $"set {baudRate} baud, parity {parity}");
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        Guard(() => _port.BaseStream.Write(copy, 0, copy.Length), "write");
    }

    public int Read(Span<byte> buffer, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var scratch = new byte[buffer.Length];
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var left = deadline - DateTime.UtcNow;
            // A blocking read wakes as soon as a byte arrives (polling cost a round trip several milliseconds);
            // it blocks at most one slice so Ctrl-C is still noticed promptly.
            var slice = left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left < ReadSlice ? left : ReadSlice;
            var count = 0;
            var timedOut = false;
            Guard(() =>
            {
                _port.ReadTimeout = (int)Math.Ceiling(slice.TotalMilliseconds);
                try
                {
                    count = _port.Read(scratch, 0, scratch.Length);
                }
                catch (TimeoutException)
                {
                    timedOut = true;
                }
            }, "read");
            if (!timedOut)
            {
                scratch.AsSpan(0, count).CopyTo(buffer);
                return count;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return 0;
            }
        }
    }

    public void DiscardInput() => Guard(_port.DiscardInBuffer, "discard input");

    public bool TrySetModemLine(ModemLine line, bool asserted)
    {
        try
        {
            if (line == ModemLine.Dtr)
            {
                _port.DtrEnable = asserted;
            }
            else
            {
                _port.RtsEnable = asserted;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            _port.Dispose();
        }
        catch (IOException)
        {
            // The device may already be gone (unplugged); there is nothing left to release.
        }
    }

    private void Guard(Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            throw new SerialTransportException($"serial port {_port.PortName}: {what} failed: {e.Message}", e);
        }
    }

    private static System.IO.Ports.Parity ToPortParity(LineParity parity) =>
        parity == LineParity.Even ? System.IO.Ports.Parity.Even : System.IO.Ports.Parity.None;
}
