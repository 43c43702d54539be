using System.Text;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.LogicAnalyser;

/// <summary>Why a logic probe could not be set up: a bad --signals selection or an unwritable --vcd file. One line.</summary>
public sealed class LogicProbeException(string message, bool badCommandLine) : Exception(message)
{
    /// <summary>True for a --signals/--vcd combination that cannot work; false for a file that cannot be written.</summary>
    public bool BadCommandLine { get; } = badCommandLine;
}

/// <summary>
/// What a command hooks onto a board for <c>--vcd FILE [--signals LIST]</c> and <c>--decode</c>: a
/// <see cref="WireRecorder"/> writing the file, a <see cref="BusDecoder"/> raising
/// <see cref="Decoded"/>, or both. Attach it to each board in turn (a power cycle makes a new one).
/// </summary>
public sealed class LogicProbe : IDisposable
{
    private readonly WireRecorder? recorder;
    private readonly BusDecoder? decoder;

    private LogicProbe(WireRecorder? recorder, BusDecoder? decoder)
    {
        this.recorder = recorder;
        this.decoder = decoder;
        if (decoder is not null) decoder.Decoded += line => Decoded?.Invoke(line);
    }

    /// <summary>Raised for every decoded bus transfer (only with decoding on).</summary>
    public event Action<BusLine>? Decoded;

    /// <summary>
    /// Sets up recording of the <paramref name="signalPatterns"/> among <paramref name="available"/>
    /// into <paramref name="vcdPath"/> (null: no recording) and decoding. The selection is checked
    /// before the file is created. Throws <see cref="LogicProbeException"/>.
    /// </summary>
    public static LogicProbe Create(string? vcdPath, string? signalPatterns, bool decode, IReadOnlyList<WireSignal> available)
    {
        if (vcdPath is null && signalPatterns is not null)
            throw new LogicProbeException("--signals chooses what --vcd records: give --vcd FILE too", badCommandLine: true);
        WireRecorder? recorder = null;
        if (vcdPath is not null)
        {
            IReadOnlyList<WireSignal> signals;
            try
            {
                signals = WireSignals.Select(available, signalPatterns);
            }
            catch (SignalSelectionException e)
            {
                throw new LogicProbeException(e.Message, badCommandLine: true);
            }
            recorder = new WireRecorder(new VcdWriter(OpenVcd(vcdPath), signals));
        }
        return new LogicProbe(recorder, decode ? new BusDecoder() : null);
    }

    /// <summary>Creates (or truncates) a VCD file; the one line on failure names the file.</summary>
    public static TextWriter OpenVcd(string path)
    {
        try
        {
            return new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LogicProbeException($"--vcd {path}: cannot write: {e.Message}", badCommandLine: false);
        }
    }

    public bool IsRecording => recorder is not null;

    /// <summary>Records and decodes <paramref name="board"/> from now on.</summary>
    public void Attach(VirtualBoard board, string comment)
    {
        recorder?.Attach(board, comment);
        decoder?.Attach(board);
    }

    /// <summary>Records and decodes a core with no board, timed by <paramref name="clock"/>.</summary>
    public void Attach(Mcs51 cpu, MachineClock clock, string comment)
    {
        recorder?.Attach(cpu, clock, comment);
        decoder?.Attach(cpu, clock);
    }

    /// <summary>Ends the VCD at the present time and flushes it.</summary>
    public void Finish() => recorder?.Finish();

    public void Dispose() => recorder?.Dispose();
}
