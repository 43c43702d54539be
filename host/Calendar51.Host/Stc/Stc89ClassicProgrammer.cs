using Calendar51.Host.Serial;

namespace Calendar51.Host.Stc;

/// <summary>
/// The classic STC89 bootloader (BSL 4.3C/6.6C) after its status packet: baud test (8F) and set (8E),
/// four pings (80), erase (84), 128-byte blocks (00) each acknowledged with their sum8, option byte (8D), reset (82).
/// 8N1 and 8-bit checksums throughout.
/// </summary>
public sealed class Stc89ClassicProgrammer(StcLink link, IFlashReporter reporter) : IStc89Programmer
{
    /// <summary>Delay byte in 8F/8E (how long the MCU waits after switching); STC-ISP sent 28, stcgal A0.</summary>
    public const byte SwitchDelay = 0xA0;

    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan EraseTimeout = TimeSpan.FromSeconds(15);

    public int SwitchBaud(StcStatus status, StcModel model, int handshakeBaud, int maxBaud)
    {
        var divisor = Stc89BaudMath.SampleDivisor(Stc89Protocol.Classic, status.Is6T);
        var rates = Stc89BaudMath.FeasibleRates(status.ClockHz, divisor, maxBaud);
        if (rates.Count == 0)
        {
            throw new StcProtocolException(
                $"no standard baud rate up to {maxBaud} is within 2 % at {status.ClockHz / 1e6:0.000} MHz; raise --baud");
        }
        var iap = Stc89BaudMath.ClassicIapWait(status.ClockHz);
        foreach (var baud in rates)
        {
            var reload = Stc89BaudMath.Reload(status.ClockHz, baud, divisor)!.Value;
            byte[] parameters = [.. Stc89BaudMath.ClassicReloadBytes(reload), SwitchDelay];
            if (TestBaud(parameters, iap, baud, handshakeBaud))
            {
                SetBaud(parameters, baud);
                Ping(model);
                return baud;
            }
            reporter.Info($"No answer at {baud} baud; trying a lower rate.");
        }
        throw new StcProtocolException($"the chip did not answer the baud test at any rate ({string.Join(", ", rates)})");
    }

    private bool TestBaud(byte[] parameters, byte iap, int baud, int handshakeBaud)
    {
        var port = link.Port;
        var sent = link.Send([0x8F, .. parameters, iap]);
        link.WaitForWire(sent);
        port.SetLineFormat(baud, LineParity.None);
        try
        {
            var reply = link.Receive(ReplyTimeout + Stc89BaudMath.WireTime(16, baud, false), $"the baud test at {baud}");
            return reply.Length >= 5 && reply[0] == 0x8F && reply.AsSpan(1, 4).SequenceEqual(parameters.AsSpan(0, 4));
        }
        catch (StcProtocolException e)
        {
            reporter.Info($"Baud test at {baud}: {e.Message}");
            return false;
        }
        finally
        {
            // The chip returns to the handshake rate after answering the test; leftovers of a garbled answer are noise.
            link.Time.Sleep(Stc89BaudMath.WireTime(16, handshakeBaud, false), link.Cancellation);
            link.DiscardInput();
            port.SetLineFormat(handshakeBaud, LineParity.None);
        }
    }

    private void SetBaud(byte[] parameters, int baud)
    {
        var sent = link.Send([0x8E, .. parameters]);
        link.WaitForWire(sent);
        link.Port.SetLineFormat(baud, LineParity.None);
        var reply = link.Receive(ReplyTimeout, $"the baud switch to {baud}");
        Expect(reply, 0x8E, "baud switch");
    }

    private void Ping(StcModel model)
    {
        for (var i = 0; i < 4; i++)
        {
            link.Send([0x80, 0x00, 0x00, 0x36, 0x01, (byte)(model.Magic >> 8), (byte)model.Magic]);
            Expect(link.Receive(ReplyTimeout, "the link test (80)"), 0x80, "link test");
        }
    }

    public void Erase(FlashImage image, FlashState state)
    {
        state.MarkEraseSent();
        link.Send([0x84, image.EraseUnits, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33]);
        Expect(link.Receive(EraseTimeout, "the erase command (84)"), 0x80, "erase");
        state.MarkErased();
    }

    public void WriteBlock(int address, ReadOnlySpan<byte> block)
    {
        byte[] payload = [0x00, 0x00, 0x00, (byte)(address >> 8), (byte)address, 0x00, (byte)block.Length, .. block];
        link.Send(payload);
        var reply = link.Receive(ReplyTimeout, $"the block at {address:X4}");
        Expect(reply, 0x80, $"block {address:X4}");
        var expected = StcChecksum.Sum8(block);
        if (reply.Length < 2 || reply[1] != expected)
        {
            throw new StcProtocolException(
                $"verification checksum mismatch at {address:X4}: chip reports {(reply.Length < 2 ? "nothing" : reply[1].ToString("X2"))}, expected {expected:X2}");
        }
    }

    public void WriteOptions(byte optionByte)
    {
        link.Send([0x8D, optionByte, 0xFF, 0xFF, 0xFF]);
        Expect(link.Receive(ReplyTimeout, "the option byte (8D)"), 0x8D, "option byte");
    }

    public void Reset() => link.Send([0x82]);

    private static void Expect(byte[] reply, byte code, string step)
    {
        if (reply.Length == 0 || reply[0] != code)
        {
            throw new StcProtocolException(
                $"unexpected reply to {step}: {FrameHex.Format(reply)} (expected a payload starting with {code:X2})");
        }
    }
}
