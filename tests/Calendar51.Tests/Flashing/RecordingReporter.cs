using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>Keeps everything the flasher reports, for assertions and for failure diagnostics.</summary>
public sealed class RecordingReporter : IFlashReporter
{
    public List<string> Lines { get; } = [];

    public List<(bool FromHost, byte[] Bytes)> Frames { get; } = [];

    public List<int> ProgressBytes { get; } = [];

    public void Info(string line) => Lines.Add(line);

    public void Frame(bool fromHost, ReadOnlySpan<byte> bytes)
    {
        Frames.Add((fromHost, bytes.ToArray()));
        Lines.Add($"{(fromHost ? "->" : "<-")} {FrameHex.Format(bytes)}");
    }

    public void Progress(int bytesDone, int bytesTotal, TimeSpan elapsed) => ProgressBytes.Add(bytesDone);

    public override string ToString() => string.Join(Environment.NewLine, Lines);
}
