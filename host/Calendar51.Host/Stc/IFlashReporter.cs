namespace Calendar51.Host.Stc;

/// <summary>Where the flasher tells the user what is happening.</summary>
public interface IFlashReporter
{
    void Info(string line);

    /// <summary>A complete frame on the wire; shown only with --debug.</summary>
    void Frame(bool fromHost, ReadOnlySpan<byte> bytes);

    void Progress(int bytesDone, int bytesTotal, TimeSpan elapsed);
}
