using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Board;

/// <summary>
/// The USB-serial bridge on the board, at bit level: it drives the MCU's RXD with 8N1 frames at its
/// baud rate and decodes the MCU's TXD by sampling the middle of every bit, as a CH340 does. A key
/// that pulls TXD low on a shared pin therefore reaches the PC as a framing error or a 00 byte,
/// exactly as on the real board.
/// </summary>
public sealed class SerialBridge
{
    private readonly MachineClock clock;
    private readonly Action<long, Action<long>> schedule;
    private readonly Func<bool> readTxd;
    private readonly Queue<byte> pendingBytes = new();
    private bool sending;
    private bool receiving;
    private int receivedBits;
    private int receivedFrame;
    private long frameStart;

    /// <param name="schedule">Runs an action at a machine cycle (the board's event queue).</param>
    /// <param name="readTxd">Current level of the MCU's TXD pin.</param>
    internal SerialBridge(MachineClock clock, int baud, Action<long, Action<long>> schedule, Func<bool> readTxd)
    {
        this.clock = clock;
        this.schedule = schedule;
        this.readTxd = readTxd;
        Baud = baud;
    }

    public int Baud { get; set; }

    /// <summary>Level this bridge drives on RXD: false while sending a 0 bit.</summary>
    public bool RxdLevel { get; private set; } = true;

    /// <summary>Raised after RXD changes, with the cycle; the board re-resolves the pin.</summary>
    internal event Action<long>? RxdChanged;

    /// <summary>A byte arrived from the MCU (cycle of its stop bit).</summary>
    public event Action<byte, long>? ByteReceived;

    /// <summary>A frame from the MCU had a 0 stop bit (e.g. a key held TXD low).</summary>
    public event Action<long>? FramingError;

    /// <summary>
    /// While set, also hears every byte the host sends, at the cycle its stop bit ends: the STC ISP
    /// bootloader's UART, which the board models at byte level while the user's code is not running.
    /// </summary>
    internal Action<byte, long>? HostByteTap { get; set; }

    /// <summary>
    /// Sends <paramref name="bytes"/> to the host as if the MCU's UART had transmitted them back to
    /// back from <paramref name="cycle"/> at <see cref="Baud"/> (the ISP bootloader's replies).
    /// </summary>
    internal void SendToHost(ReadOnlySpan<byte> bytes, long cycle)
    {
        for (int index = 0; index < bytes.Length; index++)
        {
            byte value = bytes[index];
            schedule(BitEdge(cycle, 10.0 * (index + 1)), at => ByteReceived?.Invoke(value, at));
        }
    }

    /// <summary>Bytes still waiting to be shifted into RXD.</summary>
    public int PendingCount => pendingBytes.Count + (sending ? 1 : 0);

    /// <summary>Queues bytes to send to the MCU, back to back, starting at <paramref name="cycle"/>.</summary>
    public void Send(ReadOnlySpan<byte> bytes, long cycle)
    {
        foreach (var value in bytes) pendingBytes.Enqueue(value);
        if (!sending) StartNextFrame(cycle);
    }

    private double CyclesPerBit => clock.CyclesPerSecond / Baud;

    private long BitEdge(long start, double bits) => start + (long)Math.Round(bits * CyclesPerBit);

    private void StartNextFrame(long cycle)
    {
        if (pendingBytes.Count == 0)
        {
            sending = false;
            return;
        }
        sending = true;
        byte value = pendingBytes.Dequeue();
        int frame = (value << 1) | 0x200;   // start 0, eight data bits LSB first, stop 1
        for (int bit = 0; bit < 10; bit++)
        {
            bool level = ((frame >> bit) & 1) != 0;
            schedule(BitEdge(cycle, bit), at => SetRxd(level, at));
        }
        schedule(BitEdge(cycle, 10), at =>
        {
            HostByteTap?.Invoke(value, at);
            StartNextFrame(at);
        });
    }

    private void SetRxd(bool level, long cycle)
    {
        if (RxdLevel == level) return;
        RxdLevel = level;
        RxdChanged?.Invoke(cycle);
    }

    /// <summary>Called by the board when the MCU's TXD pin changes level.</summary>
    internal void TxdChanged(bool level, long cycle)
    {
        if (level || receiving) return;
        receiving = true;
        receivedBits = 0;
        receivedFrame = 0;
        frameStart = cycle;
        schedule(BitEdge(frameStart, 0.5), SampleBit);
    }

    private void SampleBit(long cycle)
    {
        int level = readTxd() ? 1 : 0;
        if (receivedBits == 0 && level == 1)
        {
            receiving = false;   // a glitch shorter than half a bit
            return;
        }
        receivedFrame |= level << receivedBits;
        receivedBits++;
        if (receivedBits < 10)
        {
            schedule(BitEdge(frameStart, receivedBits + 0.5), SampleBit);
            return;
        }
        receiving = false;
        if ((receivedFrame & 0x200) == 0) FramingError?.Invoke(cycle);
        else ByteReceived?.Invoke((byte)(receivedFrame >> 1), cycle);
    }
}
