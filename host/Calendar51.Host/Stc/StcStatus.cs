namespace Calendar51.Host.Stc;

/// <summary>What the chip's first packet tells us, decoded.</summary>
public sealed record StcStatus(
    ChecksumWidth Checksum,
    ushort Magic,
    string BootloaderVersion,
    byte OptionByte,
    bool Is6T,
    double ClockHz,
    byte[] Payload)
{
    /// <summary>Status packet kinds differ in their first payload byte: <c>00</c> classic, <c>50</c> BSL 7.x / STC12+.</summary>
    public bool IsBsl7Style => Checksum == ChecksumWidth.Sum16;

    /// <summary>
    /// Decodes a complete status frame received at <paramref name="handshakeBaud"/>. The frame's own shape
    /// (first payload byte and checksum width) decides the kind, never the model name.
    /// </summary>
    public static StcStatus Parse(ReadOnlySpan<byte> frame, int handshakeBaud)
    {
        var asSum8 = StcFrame.ChecksumMatches(frame, ChecksumWidth.Sum8);
        var asSum16 = StcFrame.ChecksumMatches(frame, ChecksumWidth.Sum16);
        var firstPayloadByte = PayloadByte0(frame);
        if (firstPayloadByte == 0x00 && asSum8)
        {
            return ParseClassic(StcFrame.Decode(frame, StcFrame.McuToHost, ChecksumWidth.Sum8), handshakeBaud);
        }
        if (firstPayloadByte == 0x50 && asSum16)
        {
            return ParseBsl7Style(StcFrame.Decode(frame, StcFrame.McuToHost, ChecksumWidth.Sum16), handshakeBaud);
        }
        // Neither shape fits: report the checksum error of the likelier reading.
        StcFrame.Decode(frame, StcFrame.McuToHost, firstPayloadByte == 0x50 ? ChecksumWidth.Sum16 : ChecksumWidth.Sum8);
        throw new StcProtocolException(
            $"status packet starts with payload byte {firstPayloadByte:X2}; expected 00 (STC89 BSL 4.x/6.x) or 50 (BSL 7.x): {FrameHex.Format(frame)}");
    }

    private static int PayloadByte0(ReadOnlySpan<byte> frame)
    {
        var skip = frame.Length >= 2 && frame[0] == StcFrame.Start1 && frame[1] == StcFrame.Start2 ? 2 : 0;
        return frame.Length > skip + 3 ? frame[skip + 3] : -1;
    }

    private static StcStatus ParseClassic(byte[] payload, int handshakeBaud)
    {
        if (payload.Length < 23)
        {
            throw new StcProtocolException($"status packet too short: {payload.Length} payload bytes, need at least 23");
        }
        var optionByte = payload[19];
        var is6T = (optionByte & 0x01) == 0;
        var counterSum = 0.0;
        for (var i = 0; i < 8; i++)
        {
            counterSum += (payload[1 + 2 * i] << 8) | payload[2 + 2 * i];
        }
        // The MCU counts its own timer ticks across each 7F pulse; a 6T core counts twice as fast.
        var clockHz = handshakeBaud * (counterSum / 8) * (is6T ? 6 : 12) / 7;
        var version = $"{payload[17] >> 4}.{payload[17] & 0x0F}{(char)payload[18]}";
        return new StcStatus(ChecksumWidth.Sum8, ReadMagic(payload), version, optionByte, is6T, clockHz, payload);
    }

    private static StcStatus ParseBsl7Style(byte[] payload, int handshakeBaud)
    {
        if (payload.Length < 23)
        {
            throw new StcProtocolException($"status packet too short: {payload.Length} payload bytes, need at least 23");
        }
        var optionByte = payload[1];
        var counter = (payload[13] << 8) | payload[14];
        var clockHz = 12.0 * counter * handshakeBaud;
        var version = $"{payload[17] >> 4}.{payload[17] & 0x0F}.{payload[22] & 0x0F}{(char)payload[18]}";
        return new StcStatus(ChecksumWidth.Sum16, ReadMagic(payload), version, optionByte, (optionByte & 0x01) == 0, clockHz, payload);
    }

    private static ushort ReadMagic(byte[] payload) => (ushort)((payload[20] << 8) | payload[21]);
}
