namespace Calendar51.Host.Stc;

/// <summary>The steps both STC89 bootloader protocols share, in the order <see cref="StcFlasher"/> runs them.</summary>
public interface IStc89Programmer
{
    /// <summary>Moves the link to the fastest working rate up to <paramref name="maxBaud"/>; returns the rate.</summary>
    int SwitchBaud(StcStatus status, StcModel model, int handshakeBaud, int maxBaud);

    void Erase(FlashImage image, FlashState state);

    void WriteBlock(int address, ReadOnlySpan<byte> block);

    void WriteOptions(byte optionByte);

    /// <summary>Starts the new firmware; the chip sends nothing back.</summary>
    void Reset();
}
