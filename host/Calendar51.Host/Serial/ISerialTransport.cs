namespace Calendar51.Host.Serial;

/// <summary>Parity settings the STC bootloaders and the clock firmware use.</summary>
public enum LineParity
{
    None,
    Even,
}

/// <summary>The two modem-control outputs a USB-UART offers for power-cycling a board.</summary>
public enum ModemLine
{
    Dtr,
    Rts,
}

/// <summary>
/// A byte pipe to a device: the only thing the flasher and the clock client know about a serial port.
/// Every read takes a timeout, so no caller can wait forever.
/// </summary>
public interface ISerialTransport : IDisposable
{
    string PortName { get; }

    int BaudRate { get; }

    LineParity Parity { get; }

    /// <summary>Changes baud rate and parity (8 data bits, 1 stop bit always).</summary>
    void SetLineFormat(int baudRate, LineParity parity);

    void Write(ReadOnlySpan<byte> data);

    /// <summary>Reads what is available, waiting up to <paramref name="timeout"/> for the first byte. Returns 0 on timeout.</summary>
    int Read(Span<byte> buffer, TimeSpan timeout, CancellationToken cancellation);

    /// <summary>Drops bytes received but not yet read (stray output of the running firmware, echo of the pulses).</summary>
    void DiscardInput();

    /// <summary>Drives a modem line; false when the port cannot (ptys, some adapters).</summary>
    bool TrySetModemLine(ModemLine line, bool asserted);
}

/// <summary>Thrown when the port itself fails: cannot open, vanished, refused a setting.</summary>
public sealed class SerialTransportException(string message, Exception? inner = null) : Exception(message, inner);
