using Calendar51.Host.Serial;

namespace Calendar51.Host.Stc;

/// <summary>
/// STC89/90 parts with BSL 7.x (sold as "STC89C52"): after the 8N1 status everything is 8E1 with 16-bit
/// checksums; baud (01), ping (05), erase (03), blocks (22 first, then 02) acknowledged 02 54, option byte (04), reset (FF).
/// </summary>
public sealed class Stc89Bsl7Programmer(StcLink link) : IStc89Programmer
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan EraseTimeout = TimeSpan.FromSeconds(15);

    private bool _firstBlockSent;

    public int SwitchBaud(StcStatus status, StcModel model, int handshakeBaud, int maxBaud)
    {
        var divisor = Stc89BaudMath.SampleDivisor(Stc89Protocol.Bsl7, status.Is6T);
        var rates = Stc89BaudMath.FeasibleRates(status.ClockHz, divisor, maxBaud);
        if (rates.Count == 0)
        {
            throw new StcProtocolException(
                $"no standard baud rate up to {maxBaud} is within 2 % at {status.ClockHz / 1e6:0.000} MHz; raise --baud");
        }
        // The BSL 7.x chip commits to the new rate as soon as it answers 01, so there is no going back to
        // try a lower one within this power cycle: the fastest feasible rate is the one.
        var baud = rates[0];
        var reload = Stc89BaudMath.Reload(status.ClockHz, baud, divisor)!.Value;
        link.Checksum = ChecksumWidth.Sum16;
        link.Port.SetLineFormat(handshakeBaud, LineParity.Even);
        link.Send([0x01, (byte)(reload >> 8), (byte)reload, Stc89BaudMath.Bsl7IapWait(status.ClockHz)]);
        Expect(link.Receive(ReplyTimeout, "the baud switch (01)"), 0x01, "baud switch");
        link.Port.SetLineFormat(baud, LineParity.Even);
        link.Send([0x05, 0x00, 0x00, 0x46, 0xB9]);
        try
        {
            Expect(link.Receive(ReplyTimeout, $"the link test (05) at {baud} baud"), 0x05, "link test");
        }
        catch (StcProtocolException e)
        {
            throw new StcProtocolException($"{e.Message}; this chip cannot step down within one power cycle: try a lower --baud");
        }
        return baud;
    }

    public void Erase(FlashImage image, FlashState state)
    {
        state.MarkEraseSent();
        link.Send([0x03, 0x00, 0x00, 0x46, 0xB9]);
        Expect(link.Receive(EraseTimeout, "the erase command (03)"), 0x03, "erase");
        state.MarkErased();
    }

    public void WriteBlock(int address, ReadOnlySpan<byte> block)
    {
        byte command = _firstBlockSent ? (byte)0x02 : (byte)0x22;
        byte[] payload = [command, (byte)(address >> 8), (byte)address, 0x46, 0xB9, .. block];
        link.Send(payload);
        var reply = link.Receive(ReplyTimeout, $"the block at {address:X4}");
        if (reply.Length < 2 || reply[0] != 0x02 || reply[1] != 0x54)
        {
            throw new StcProtocolException($"unexpected reply to block {address:X4}: {FrameHex.Format(reply)} (expected 02 54)");
        }
        _firstBlockSent = true;
    }

    public void WriteOptions(byte optionByte)
    {
        link.Send([0x04, 0x00, 0x00, 0x46, 0xB9, optionByte]);
        Expect(link.Receive(ReplyTimeout, "the option byte (04)"), 0x04, "option byte");
    }

    public void Reset() => link.Send([0xFF]);

    private static void Expect(byte[] reply, byte code, string step)
    {
        if (reply.Length == 0 || reply[0] != code)
        {
            throw new StcProtocolException(
                $"unexpected reply to {step}: {FrameHex.Format(reply)} (expected a payload starting with {code:X2})");
        }
    }
}
