namespace Calendar51.Host.Stc;

/// <summary>The bytes to program: the loaded code padded with FF (erased flash) to whole 512-byte erase pages.</summary>
public sealed class FlashImage
{
    public const int BlockSize = 128;
    public const int PageSize = 512;

    private FlashImage(byte[] padded, int codeLength)
    {
        Bytes = padded;
        CodeLength = codeLength;
    }

    public byte[] Bytes { get; }

    /// <summary>Length of the loaded code before padding.</summary>
    public int CodeLength { get; }

    public int BlockCount => Bytes.Length / BlockSize;

    /// <summary>Classic erase count: 256-byte units covering the padded image.</summary>
    public byte EraseUnits => (byte)(Bytes.Length / PageSize * 2);

    public static FlashImage FromCode(ReadOnlySpan<byte> code)
    {
        if (code.Length == 0)
        {
            throw new FlashInputException("the image is empty");
        }
        var padded = new byte[(code.Length + PageSize - 1) / PageSize * PageSize];
        padded.AsSpan().Fill(0xFF);
        code.CopyTo(padded);
        return new FlashImage(padded, code.Length);
    }

    public ReadOnlySpan<byte> Block(int index) => Bytes.AsSpan(index * BlockSize, BlockSize);

    /// <summary>Refuses code that does not fit the detected chip; padding beyond the flash end is not sent.</summary>
    public void CheckFits(StcModel model)
    {
        if (CodeLength > model.CodeSize)
        {
            throw new FlashInputException(
                $"the image is {CodeLength} bytes but the {model.Name} has {model.CodeSize} bytes of code flash");
        }
    }

    /// <summary>Blocks actually sent: the padded image, but never past the end of the chip's code flash.</summary>
    public int BlocksFor(StcModel model) => Math.Min(BlockCount, (model.CodeSize + BlockSize - 1) / BlockSize);
}
