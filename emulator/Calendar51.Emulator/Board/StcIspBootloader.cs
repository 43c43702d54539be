using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Isp;
using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Board;

/// <summary>
/// The ISP bootloader an STC89 part runs after every power-on reset, as behaviour (STC's code is not
/// published): it listens on the UART for the programmer's 7F pulses for its window; if none come, the
/// user's code starts. If they do, it answers with its status packet and serves the STC89 ISP protocol
/// (classic BSL 4.x/6.x or BSL 7.x, stc-isp.md §5 and §9): erase, 128-byte blocks into the MCU's flash,
/// the option byte, and the reset into the (new) user code. While it runs the user's code does not.
/// The exchange is modelled at byte level through the USB-serial bridge: bytes take their time on the
/// wire at the bridge's baud, but the MCU's TXD pin is not toggled.
/// </summary>
/// <remarks>
/// The host's UART rate cannot be seen through a pseudo-terminal (nor parity: a pty refuses it), so the
/// status packet's clock counters are what the chip would measure on 7F pulses at the ISP tools' handshake
/// rate (<see cref="HandshakeBaud"/>, the default of <c>calendar51 flash</c> and stcgal), and the bridge
/// keeps its own rate for the bytes' time on the wire; the rate switches of the protocol change nothing.
/// </remarks>
public sealed class StcIspBootloader
{
    /// <summary>The host's handshake rate the status packet's clock counters assume.</summary>
    public const int HandshakeBaud = 2400;

    /// <summary>7F pulses the bootloader measures before it answers (stcgal sends one every 30 ms).</summary>
    public const int PulsesBeforeStatus = 2;

    /// <summary>Model magics of the status packet (stc-isp.md §4): STC89C52RC, and the BSL 7.x "STC89C52".</summary>
    public const ushort ClassicMagic = 0xF002, Bsl7Magic = 0xF051;

    /// <summary>MCS0 option byte as shipped: watchdog off, XRAM and ALE on, 12T (bit 0 = 1), no pin detect.</summary>
    public const byte FactoryOptionByte = 0xFD;

    private readonly Mcs51 cpu;
    private readonly SerialBridge bridge;
    private readonly MachineClock clock;
    private readonly long listenFrom;
    private readonly List<byte> received = [];
    private int pulses;
    private bool erased;

    internal StcIspBootloader(Mcs51 cpu, SerialBridge bridge, MachineClock clock, Action<long, Action<long>> schedule,
        Stc89Protocol protocol, ushort magic, TimeSpan runsFrom, TimeSpan window)
    {
        this.cpu = cpu;
        this.bridge = bridge;
        this.clock = clock;
        Protocol = protocol;
        Magic = magic;
        listenFrom = clock.CyclesIn(runsFrom);
        long windowEnd = clock.CyclesIn(runsFrom + window);
        cpu.HoldInResetUntil(windowEnd);
        bridge.HostByteTap = HostByte;
        schedule(windowEnd, cycle =>
        {
            if (State == IspState.Listening) StartUserCode(cycle);
        });
    }

    public enum IspState
    {
        /// <summary>Waiting for 7F pulses (or not yet running: the reset is still held).</summary>
        Listening,
        /// <summary>A programmer answered: serving ISP commands until it sends the reset command.</summary>
        Session,
        /// <summary>The user's code runs; the bootloader is gone until the next power-on.</summary>
        UserCode,
    }

    public Stc89Protocol Protocol { get; }
    public ushort Magic { get; }
    public IspState State { get; private set; } = IspState.Listening;
    public byte OptionByte { get; private set; } = FactoryOptionByte;

    private ChecksumWidth Checksum => Protocol == Stc89Protocol.Classic ? ChecksumWidth.Sum8 : ChecksumWidth.Sum16;

    private void HostByte(byte value, long cycle)
    {
        if (cycle < listenFrom) return;   // still in reset: nobody listens yet
        switch (State)
        {
            case IspState.Listening:
                if (value == 0x7F && ++pulses >= PulsesBeforeStatus)
                {
                    State = IspState.Session;
                    cpu.HoldInResetUntil(long.MaxValue);
                    Reply(Status(), cycle);
                }
                break;
            case IspState.Session:
                received.Add(value);
                HandleFrames(cycle);
                break;
        }
    }

    /// <summary>Classic payload: 00, eight 16-bit pulse counters, BSL 6.6C, MCS0, magic. BSL 7.x: 50, MCS, one counter at 13–14, BSL 7.2.5C, magic.</summary>
    private byte[] Status()
    {
        var payload = new byte[23];
        double clockHz = clock.CrystalHz;
        if (Protocol == Stc89Protocol.Classic)
        {
            // The chip counts its own clock/12 across each 7F pulse (seven bit times).
            ushort counter = (ushort)Math.Round(clockHz * 7 / (12.0 * HandshakeBaud));
            for (int index = 0; index < 8; index++)
            {
                payload[1 + 2 * index] = (byte)(counter >> 8);
                payload[2 + 2 * index] = (byte)counter;
            }
            payload[17] = 0x66;
            payload[18] = (byte)'C';
            payload[19] = OptionByte;
        }
        else
        {
            ushort counter = (ushort)Math.Round(clockHz / (12.0 * HandshakeBaud));
            payload[0] = 0x50;
            payload[1] = OptionByte;
            payload[13] = (byte)(counter >> 8);
            payload[14] = (byte)counter;
            payload[17] = 0x72;
            payload[18] = (byte)'C';
            payload[22] = 0x05;
        }
        payload[20] = (byte)(Magic >> 8);
        payload[21] = (byte)Magic;
        return payload;
    }

    private void HandleFrames(long cycle)
    {
        while (true)
        {
            int start = IndexOfFrameStart();
            if (start < 0)
            {
                // Keep a possible half-received start; everything before it is noise the chip ignores.
                if (received.Count > 2) received.RemoveRange(0, received.Count - 2);
                return;
            }
            received.RemoveRange(0, start);
            if (received.Count < 5) return;
            int length = (received[3] << 8) | received[4];
            if (length < 5 + (int)Checksum || length > StcFrame.MaxLength)
            {
                received.RemoveRange(0, 2);
                continue;
            }
            if (received.Count < length + 2) return;
            var frame = received.GetRange(0, length + 2).ToArray();
            received.RemoveRange(0, length + 2);
            byte[] payload;
            try
            {
                payload = StcFrame.Decode(frame, StcFrame.HostToMcu, Checksum);
            }
            catch (StcProtocolException)
            {
                continue;   // a damaged frame gets no answer: the host times out, as with a real chip
            }
            if (Protocol == Stc89Protocol.Classic) Classic(payload, cycle);
            else Bsl7(payload, cycle);
            if (State == IspState.UserCode) return;
        }
    }

    private int IndexOfFrameStart()
    {
        for (int index = 0; index + 2 < received.Count; index++)
        {
            if (received[index] == StcFrame.Start1 && received[index + 1] == StcFrame.Start2 && received[index + 2] == StcFrame.HostToMcu) return index;
        }
        return -1;
    }

    private void Classic(byte[] p, long cycle)
    {
        switch (p[0])
        {
            case 0x8F when p.Length >= 7:
                Reply([0x8F, .. p[1..7]], cycle);   // baud test: echoed at the tested rate
                break;
            case 0x8E when p.Length >= 6:
                Reply([0x8E, .. p[1..6]], cycle);   // baud set: from here on at the transfer rate
                break;
            case 0x80:
                Reply([0x80], cycle);
                break;
            case 0x84:
                Erase();
                Reply([0x80], cycle);
                break;
            case 0x00 when p.Length >= 7 && p.Length >= 7 + p[6]:
            {
                var data = p.AsSpan(7, p[6]);
                byte sum = StcChecksum.Sum8(data);
                Reply([0x80, Program((p[3] << 8) | p[4], data) ? sum : (byte)~sum], cycle);
                break;
            }
            case 0x8D when p.Length >= 5:
                OptionByte = p[1];
                Reply([0x8D, .. p[1..5]], cycle);
                break;
            case 0x82:
                StartUserCode(cycle);
                break;
        }
    }

    private void Bsl7(byte[] p, long cycle)
    {
        switch (p[0])
        {
            case 0x01 when p.Length >= 4:
                Reply([0x01], cycle);   // answered at the old rate, then switched to 8E1 at the new one
                break;
            case 0x05:
                Reply([0x05], cycle);
                break;
            case 0x03:
                Erase();
                Reply([0x03, (byte)(Magic >> 8), (byte)Magic, 0xC5, 0xF2, 0x06, 0x7C, 0x14], cycle);   // 7-byte chip ID
                break;
            case 0x22 or 0x02 when p.Length >= 5:
                Reply(Program((p[1] << 8) | p[2], p.AsSpan(5)) ? [0x02, 0x54] : [0x02, 0x00], cycle);
                break;
            case 0x04 when p.Length >= 6:
                OptionByte = p[5];
                Reply([0x04, 0x54], cycle);
                break;
            case 0xFF:
                StartUserCode(cycle);
                break;
        }
    }

    private void Erase()
    {
        var blank = new byte[cpu.Part.CodeSize];
        blank.AsSpan().Fill(0xFF);
        cpu.LoadCode(blank);
        erased = true;
    }

    /// <summary>Writes a block; false (a wrong acknowledgement) before an erase or past the end of flash.</summary>
    private bool Program(int address, ReadOnlySpan<byte> data)
    {
        if (!erased || address + data.Length > cpu.Part.CodeSize) return false;
        cpu.LoadCode(data, address);
        return true;
    }

    private void Reply(byte[] payload, long cycle) =>
        bridge.SendToHost(StcFrame.Encode(StcFrame.McuToHost, payload, Checksum), cycle);

    /// <summary>Leaves the bootloader: the MCU resets and runs what is in flash from address 0.</summary>
    private void StartUserCode(long cycle)
    {
        State = IspState.UserCode;
        bridge.HostByteTap = null;
        cpu.Reset();
        cpu.HoldInResetUntil(cycle);
    }
}
