namespace Calendar51.Host.Stc;

/// <summary>How far a session got on the chip, so a failure can say what the flash now holds.</summary>
public sealed class FlashState
{
    public bool Erased { get; private set; }

    /// <summary>The erase command went out; without its reply the flash may or may not be blank.</summary>
    public bool EraseSent { get; private set; }

    /// <summary>End address (exclusive) of the blocks the chip has acknowledged.</summary>
    public int WrittenUpTo { get; private set; }

    public bool OptionsWritten { get; private set; }

    public void MarkEraseSent() => EraseSent = true;

    public void MarkErased() => Erased = true;

    public void MarkWritten(int endAddress) => WrittenUpTo = endAddress;

    public void MarkOptionsWritten() => OptionsWritten = true;

    public string Describe() => (Erased, WrittenUpTo, OptionsWritten) switch
    {
        (false, _, _) when EraseSent => "The erase command was sent but not confirmed: the flash may be blank; nothing new was written.",
        (false, _, _) => "Nothing was written to the chip.",
        (true, 0, _) => "The chip's flash was erased; nothing new was written.",
        (true, _, false) => $"The flash was erased and written from 0000 up to {WrittenUpTo:X4} (exclusive); the rest is blank.",
        _ => "The whole image and the option byte were written; only the final reset failed.",
    };

    public string Recovery() => EraseSent
        ? "Power-cycle the board and run the same command again: the ISP bootloader sits in its own protected area, so an interrupted write does not brick the chip."
        : "Check the port and wiring, power-cycle the board and run the command again.";
}
