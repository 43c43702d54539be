namespace Calendar51.Host.ArduinoIsp;

/// <summary>How far an AT89S session got, so a failure can say what the flash now holds and how to recover.</summary>
public sealed class At89sFlashState
{
    public bool EraseSent { get; set; }

    public bool Erased { get; set; }

    /// <summary>End address (exclusive) of the bytes written and read back identical.</summary>
    public int WrittenUpTo { get; set; }

    public At89sLockMode? LockedTo { get; set; }

    public string Describe() => (EraseSent, Erased, WrittenUpTo) switch
    {
        (false, _, _) => "Nothing was written to the chip.",
        (true, false, _) => "The erase command was sent: the flash may be blank; nothing new was written.",
        (true, true, 0) => "The chip's flash was erased; nothing new was written.",
        _ => $"The flash was erased and written from 0000 up to {WrittenUpTo:X4} (exclusive), each byte verified; the rest is blank.",
    };

    public string Recovery() => EraseSent
        ? "Run the same command again: an AT89S can always be erased and reprogrammed over ISP (an erase also clears the lock bits)."
        : "Check the port, the sketch and the wiring, then run the command again.";
}
