using Calendar51.Emulator.Cpu;

namespace Calendar51.Host.Commands;

/// <summary><c>run --uart-out FILE|-</c>: every byte the UART transmits (modes 0–3, the 9th bit dropped), raw.</summary>
internal sealed class UartOutput : IDisposable
{
    private readonly Stream? stream;

    private UartOutput(Stream? stream) => this.stream = stream;

    public bool Failed => stream is null;

    /// <summary>Null without the option; a sink that <see cref="Failed"/> (after one line on stderr) when FILE cannot be created.</summary>
    public static UartOutput? Open(string? target, TextWriter output, TextWriter error)
    {
        if (target is null) return null;
        if (target == "-")
        {
            // The console gets the raw bytes; a captured writer (tests) one char per byte.
            if (!ReferenceEquals(output, Console.Out)) return new UartOutput(new TextWriterStream(output));
            output.Flush();
            return new UartOutput(Console.OpenStandardOutput());
        }
        try
        {
            return new UartOutput(File.Create(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"--uart-out: cannot create '{target}': {e.Message}");
            return new UartOutput(null);
        }
    }

    public void Attach(Mcs51 cpu) => cpu.ByteTransmitted += (frame, _) => stream!.WriteByte((byte)frame);

    public void Dispose() => stream?.Dispose();

    /// <summary>Bytes to a captured output writer, one char each (Latin-1).</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        public override void WriteByte(byte value) => writer.Write((char)value);
        public override void Write(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++) WriteByte(buffer[offset + i]);
        }
        public override void Flush() => writer.Flush();
        protected override void Dispose(bool disposing)
        {
            if (disposing) writer.Flush();
            base.Dispose(disposing);
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
