using Calendar51.Host.Serial;
using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>
/// An STC89 ISP bootloader in process, behind the same transport interface as a serial port, running on
/// virtual time. It stays silent until powered on and pulsed with 7F, hears the host only at the baud and
/// parity it expects (anything else arrives garbled), answers at its own rate (the host hears garbage if it
/// listens at another), stores what is written and insists on an erase before writes. Both the classic
/// protocol and BSL 7.x are modelled; recorded replies can be replayed in place of modelled ones, and faults
/// can be injected into its replies and into the port itself.
/// </summary>
public sealed class FakeStc89Bootloader : ISerialTransport, ITimeSource
{
    /// <summary>Pulses the BSL needs before it has measured the host's rate and answers.</summary>
    public const int PulsesBeforeStatus = 3;

    /// <summary>UART tolerance: a receiver decodes a sender whose rate is within this fraction of its own.</summary>
    public const double BaudTolerance = 0.03;

    private readonly Stc89Protocol _protocol;
    private readonly byte[] _statusFrame;
    private readonly double _clockHz;
    private readonly bool _is6T;
    private readonly List<byte> _rx = [];
    private readonly Queue<(byte Value, double Baud, LineParity Parity)> _tx = new();
    private readonly Random _random;
    private TimeSpan _now;
    private ChipState _state = ChipState.Off;
    private int _pulses;
    private double _rxBaud;
    private LineParity _rxParity;
    private int _hostBytesWritten;
    private int _repliesSent;
    private bool _firstBsl7BlockSeen;

    private enum ChipState
    {
        Off,
        AwaitingPulses,
        Commands,
        RunningUserCode,
    }

    /// <summary>A chip whose clock is what its recorded status packet says at the recording's handshake rate.</summary>
    public static FakeStc89Bootloader FromStatus(byte[] statusFrame, int recordedHandshakeBaud, int codeSize, int seed = 1)
    {
        var status = StcStatus.Parse(statusFrame, recordedHandshakeBaud);
        var protocol = status.IsBsl7Style ? Stc89Protocol.Bsl7 : Stc89Protocol.Classic;
        return new FakeStc89Bootloader(protocol, statusFrame, status.ClockHz, status.Is6T, codeSize, seed);
    }

    public FakeStc89Bootloader(Stc89Protocol protocol, byte[] statusFrame, double clockHz, bool is6T, int codeSize, int seed = 1)
    {
        _protocol = protocol;
        _statusFrame = statusFrame;
        _clockHz = clockHz;
        _is6T = is6T;
        _random = new Random(seed);
        Flash = new byte[codeSize];
        // Old firmware: anything but the erased state, so a missing erase shows.
        Flash.AsSpan().Fill(0x5A);
        OptionByte = StcStatus.Parse(statusFrame, 2400).OptionByte;
    }

    // ---- what the test sets up ----

    /// <summary>Virtual time at which the user switches the board on; null = never (dead board).</summary>
    public TimeSpan? PowerOnAt { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, the board's power follows this modem line (asserted = off unless inverted).</summary>
    public PowerCycleLine? PowerSwitch { get; set; }

    public bool SupportsModemLines { get; set; } = true;

    /// <summary>Recorded MCU frames to send, in order, instead of modelled replies (status excluded).</summary>
    public Queue<byte[]>? ScriptedReplies { get; set; }

    /// <summary>Rates above this never reach the host intact (a USB-UART that cannot keep up).</summary>
    public double MaxWorkingBaud { get; set; } = double.PositiveInfinity;

    /// <summary>Behind a pty the line format cannot be checked (ptys ignore baud), so every byte arrives intact.</summary>
    public bool IgnoreLineFormat { get; set; }

    /// <summary>Per-bit probability of a flipped bit in chip→host bytes.</summary>
    public double BitFlipProbability { get; set; }

    /// <summary>Rewrites reply number N (0 = status) before it is sent; an empty result drops it.</summary>
    public Dictionary<int, Func<byte[], byte[]>> ReplyMutations { get; } = [];

    /// <summary>From this reply number on the chip says nothing (it hung).</summary>
    public int? SilentFromReply { get; set; }

    /// <summary>After this many host bytes the port disappears (USB adapter unplugged).</summary>
    public int? VanishAfterHostBytes { get; set; }

    /// <summary>The line never falls quiet: random bytes whenever the host listens.</summary>
    public bool Chatter { get; set; }

    /// <summary>Cancels this source once virtual time passes <see cref="CancelAt"/> (a simulated Ctrl-C).</summary>
    public CancellationTokenSource? CancelSource { get; set; }

    public TimeSpan CancelAt { get; set; } = TimeSpan.MaxValue;

    // ---- what the test inspects ----

    public byte[] Flash { get; }

    public byte OptionByte { get; private set; }

    public bool Erased { get; private set; }

    public bool ResetIntoUserCode => _state == ChipState.RunningUserCode;

    /// <summary>Valid host frames the chip understood, in order.</summary>
    public List<byte[]> HostFrames { get; } = [];

    /// <summary>Frames the chip sent, before fault mutation.</summary>
    public List<byte[]> ChipFrames { get; } = [];

    /// <summary>Protocol rules the host broke (write before erase, ...).</summary>
    public List<string> Violations { get; } = [];

    public int SyncPulsesSeen { get; private set; }

    // ---- ISerialTransport ----

    public string PortName => "fake-stc89";

    public int BaudRate { get; private set; } = 9600;

    public LineParity Parity { get; private set; }

    public TimeSpan Now => _now;

    public void SetLineFormat(int baudRate, LineParity parity)
    {
        BaudRate = baudRate;
        Parity = parity;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (VanishAfterHostBytes is { } limit && _hostBytesWritten + data.Length > limit)
        {
            throw new SerialTransportException($"serial port {PortName}: write failed: No such device");
        }
        _hostBytesWritten += data.Length;
        Advance(Stc89BaudMath.WireTime(data.Length, BaudRate, Parity != LineParity.None));
        UpdatePower();
        foreach (var b in data)
        {
            Receive(b);
        }
    }

    public int Read(Span<byte> buffer, TimeSpan timeout, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (_tx.Count == 0 && Chatter)
        {
            var noise = Math.Min(buffer.Length, 8);
            for (var i = 0; i < noise; i++)
            {
                buffer[i] = (byte)_random.Next(256);
            }
            Advance(Stc89BaudMath.WireTime(noise, BaudRate, false));
            return noise;
        }
        if (_tx.Count == 0)
        {
            Advance(timeout);
            UpdatePower();
            cancellation.ThrowIfCancellationRequested();
            return 0;
        }
        var count = 0;
        while (count < buffer.Length && _tx.Count > 0)
        {
            var (value, baud, parity) = _tx.Dequeue();
            buffer[count++] = HostHears(value, baud, parity);
        }
        return count;
    }

    public void DiscardInput() => _tx.Clear();

    public bool TrySetModemLine(ModemLine line, bool asserted)
    {
        if (!SupportsModemLines)
        {
            return false;
        }
        if (PowerSwitch is { } power && power.Line == line)
        {
            var powered = asserted == power.Inverted;
            if (!powered)
            {
                _state = ChipState.Off;
                _tx.Clear();
            }
            else if (_state == ChipState.Off)
            {
                PowerOn();
            }
        }
        return true;
    }

    public void Sleep(TimeSpan duration, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        Advance(duration);
        UpdatePower();
        cancellation.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
    }

    // ---- the chip ----

    private void Advance(TimeSpan duration)
    {
        _now += duration;
        if (_now >= CancelAt)
        {
            CancelSource?.Cancel();
        }
    }

    private void UpdatePower()
    {
        if (_state == ChipState.Off && PowerSwitch is null && PowerOnAt is { } on && _now >= on)
        {
            PowerOn();
        }
    }

    private void PowerOn()
    {
        _state = ChipState.AwaitingPulses;
        _pulses = 0;
        _rx.Clear();
    }

    private void Receive(byte sent)
    {
        switch (_state)
        {
            case ChipState.AwaitingPulses:
                // 7F has seven 1-bits, so its parity bit equals the stop level: it reads the same at 8N1 and 8E1.
                if (sent == 0x7F)
                {
                    SyncPulsesSeen++;
                    if (++_pulses >= PulsesBeforeStatus)
                    {
                        _rxBaud = BaudRate;
                        _rxParity = LineParity.None;
                        _state = ChipState.Commands;
                        SendFrame(_statusFrame, BaudRate, LineParity.None);
                        if (_protocol == Stc89Protocol.Bsl7)
                        {
                            _rxParity = LineParity.Even;
                        }
                    }
                }
                break;
            case ChipState.Commands:
                _rx.Add(HeardAtChip(sent));
                TryHandleFrame();
                break;
        }
    }

    private bool Matches(double senderBaud, LineParity senderParity, double receiverBaud, LineParity receiverParity) =>
        IgnoreLineFormat || senderParity == receiverParity && Math.Abs(senderBaud - receiverBaud) / receiverBaud <= BaudTolerance;

    private byte HeardAtChip(byte sent) =>
        Matches(BaudRate, Parity, _rxBaud, _rxParity) ? sent : Garble(sent);

    private byte HostHears(byte sent, double baud, LineParity parity) =>
        Matches(baud, parity, BaudRate, Parity) && baud <= MaxWorkingBaud ? sent : Garble(sent);

    private static byte Garble(byte value) => (byte)((value << 1) ^ 0xA5);

    private void TryHandleFrame()
    {
        // Resynchronise on the frame start; anything before it is noise the BSL ignores.
        var start = IndexOfStart();
        if (start < 0)
        {
            if (_rx.Count > 2)
            {
                _rx.RemoveRange(0, _rx.Count - 2);
            }
            return;
        }
        if (start > 0)
        {
            _rx.RemoveRange(0, start);
        }
        if (_rx.Count < 5)
        {
            return;
        }
        var length = (_rx[3] << 8) | _rx[4];
        if (length < 6 || length > StcFrame.MaxLength)
        {
            _rx.RemoveRange(0, 2);
            return;
        }
        if (_rx.Count < length + 2)
        {
            return;
        }
        var frame = _rx.GetRange(0, length + 2).ToArray();
        _rx.RemoveRange(0, length + 2);
        byte[] payload;
        try
        {
            payload = StcFrame.Decode(frame, StcFrame.HostToMcu, _protocol == Stc89Protocol.Classic ? ChecksumWidth.Sum8 : ChecksumWidth.Sum16);
        }
        catch (StcProtocolException)
        {
            return;
        }
        HostFrames.Add(frame);
        if (_protocol == Stc89Protocol.Classic)
        {
            HandleClassic(payload);
        }
        else
        {
            HandleBsl7(payload);
        }
    }

    private int IndexOfStart()
    {
        for (var i = 0; i + 2 < _rx.Count; i++)
        {
            if (_rx[i] == StcFrame.Start1 && _rx[i + 1] == StcFrame.Start2 && _rx[i + 2] == StcFrame.HostToMcu)
            {
                return i;
            }
        }
        return -1;
    }

    private void HandleClassic(byte[] p)
    {
        switch (p[0])
        {
            case 0x8F when p.Length >= 7:
                // Baud test: answer at the tested rate, then keep listening at the handshake rate.
                Reply([0x8F, .. p[1..7]], ClassicRate(p), LineParity.None);
                break;
            case 0x8E when p.Length >= 6:
                var rate = ClassicRate(p);
                Reply([0x8E, .. p[1..6]], rate, LineParity.None);
                _rxBaud = rate;
                break;
            case 0x80:
                Reply([0x80], _rxBaud, LineParity.None);
                break;
            case 0x84:
                EraseFlash();
                Reply([0x80], _rxBaud, LineParity.None);
                break;
            case 0x00 when p.Length >= 7:
                var address = (p[3] << 8) | p[4];
                var data = p.AsSpan(7, p[6]);
                var stored = Program(address, data);
                Reply([0x80, stored ? StcChecksum.Sum8(data) : (byte)~StcChecksum.Sum8(data)], _rxBaud, LineParity.None);
                break;
            case 0x8D when p.Length >= 5:
                OptionByte = p[1];
                Reply([0x8D, .. p[1..5]], _rxBaud, LineParity.None);
                break;
            case 0x82:
                _state = ChipState.RunningUserCode;
                break;
            default:
                Violations.Add($"unknown classic command {FrameHex.Format(p)}");
                break;
        }
    }

    private void HandleBsl7(byte[] p)
    {
        switch (p[0])
        {
            case 0x01 when p.Length >= 4:
                // Answer at the old rate, then switch.
                Reply([0x01], _rxBaud, LineParity.Even);
                _rxBaud = _clockHz / (32.0 * (65536 - ((p[1] << 8) | p[2])));
                break;
            case 0x05:
                Reply([0x05], _rxBaud, LineParity.Even);
                break;
            case 0x03:
                EraseFlash();
                Reply([0x03, 0xF0, 0x51, 0xC5, 0xF2, 0x06, 0x7C, 0x14], _rxBaud, LineParity.Even);
                break;
            case 0x22 or 0x02 when p.Length >= 5:
                if ((p[0] == 0x22) == _firstBsl7BlockSeen)
                {
                    Violations.Add($"block command {p[0]:X2} out of order");
                }
                _firstBsl7BlockSeen = true;
                var stored = Program((p[1] << 8) | p[2], p.AsSpan(5));
                Reply(stored ? [0x02, 0x54] : [0x02, 0x00], _rxBaud, LineParity.Even);
                break;
            case 0x04 when p.Length >= 6:
                OptionByte = p[5];
                Reply([0x04, 0x54], _rxBaud, LineParity.Even);
                break;
            case 0xFF:
                _state = ChipState.RunningUserCode;
                break;
            default:
                Violations.Add($"unknown BSL 7 command {FrameHex.Format(p)}");
                break;
        }
    }

    private double ClassicRate(byte[] p) =>
        _clockHz / ((_is6T ? 16.0 : 32.0) * (65536 - ((p[1] << 8) | p[2])));

    private void EraseFlash()
    {
        Flash.AsSpan().Fill(0xFF);
        Erased = true;
    }

    private bool Program(int address, ReadOnlySpan<byte> data)
    {
        if (!Erased)
        {
            Violations.Add($"write at {address:X4} before erase");
            return false;
        }
        if (address + data.Length > Flash.Length)
        {
            Violations.Add($"write at {address:X4} beyond the {Flash.Length}-byte flash");
            return false;
        }
        data.CopyTo(Flash.AsSpan(address));
        return true;
    }

    private void Reply(byte[] payload, double baud, LineParity parity)
    {
        var width = _protocol == Stc89Protocol.Classic ? ChecksumWidth.Sum8 : ChecksumWidth.Sum16;
        var frame = ScriptedReplies is { } script
            ? (script.Count > 0 ? script.Dequeue() : [])
            : StcFrame.Encode(StcFrame.McuToHost, payload, width);
        SendFrame(frame, baud, parity);
    }

    private void SendFrame(byte[] frame, double baud, LineParity parity)
    {
        var number = _repliesSent++;
        if (frame.Length == 0 || (SilentFromReply is { } silent && number >= silent))
        {
            return;
        }
        ChipFrames.Add(frame);
        var bytes = ReplyMutations.TryGetValue(number, out var mutate) ? mutate(frame) : frame;
        foreach (var b in bytes)
        {
            var value = b;
            for (var bit = 0; bit < 8; bit++)
            {
                if (BitFlipProbability > 0 && _random.NextDouble() < BitFlipProbability)
                {
                    value ^= (byte)(1 << bit);
                }
            }
            _tx.Enqueue((value, baud, parity));
        }
    }
}
