namespace Calendar51.Host.Stc;

/// <summary>The detected part and the protocol its bootloader speaks.</summary>
public sealed record StcChipIdentity(StcModel Model, Stc89Protocol Protocol)
{
    /// <summary>
    /// Chooses the protocol from the status packet's shape, then looks the part up. Parts outside the
    /// STC89/90 family are refused with a message naming what they are and what they would need.
    /// </summary>
    public static StcChipIdentity Identify(StcStatus status)
    {
        if (!StcModelTable.IsStc89Family(status.Magic))
        {
            throw new StcUnsupportedChipException(
                $"the chip (magic {status.Magic:X4}, bootloader {status.BootloaderVersion}) is " +
                $"{StcModelTable.DescribeOtherFamily(status.Magic, status.IsBsl7Style)}; calendar51 flashes STC89/90 parts only. " +
                "Use stcgal for this chip.");
        }
        var model = StcModelTable.FindStc89(status.Magic)
            ?? throw new StcUnsupportedChipException(
                $"unknown STC89/90 model (magic {status.Magic:X4}, bootloader {status.BootloaderVersion}); " +
                "its flash size is unknown, so calendar51 will not program it");
        return new StcChipIdentity(model, status.IsBsl7Style ? Stc89Protocol.Bsl7 : Stc89Protocol.Classic);
    }
}

/// <summary>The chip answered but is not one we program.</summary>
public sealed class StcUnsupportedChipException(string message) : Exception(message);
