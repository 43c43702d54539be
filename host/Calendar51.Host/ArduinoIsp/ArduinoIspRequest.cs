using Calendar51.Host.Stc;

namespace Calendar51.Host.ArduinoIsp;

/// <summary>
/// What an AT89S flashing session needs besides the port: the code from address 0, the part the user named
/// (null: whatever the signature says), the lock mode to set after a verified write (null: leave unlocked), and
/// whether to erase a chip whose signature cannot be read (locked in mode 3 or 4) as the named part.
/// </summary>
public sealed record ArduinoIspRequest(byte[] Code, At89sPart? ExpectedPart, At89sLockMode? Lock, bool EraseUnreadable = false)
{
    /// <summary>Refuses an image that cannot fit the part before anything is sent.</summary>
    public void CheckFits(At89sPart part)
    {
        if (Code.Length > part.FlashSize)
        {
            throw new FlashInputException($"the image is {Code.Length} bytes but the {part.Name} has {part.FlashSize} bytes of flash");
        }
    }
}
