using System.Globalization;

namespace Calendar51.Emulator.LogicAnalyser;

/// <summary>
/// Writes a Value Change Dump (IEEE 1364 §18) of one-bit wires with a 1 ns timescale, as GTKWave and
/// PulseView read it: a <c>$scope module</c> per part (or port), each signal a <c>$var wire 1</c>
/// whose reference is its full name (<c>lcd.E</c>), so viewers that drop scopes still tell
/// <c>K1.A</c> from <c>K2.A</c>; then the initial levels in <c>$dumpvars</c> and one <c>#time</c>
/// line per instant with changes. A change costs a few characters into the writer's buffer and no
/// allocation. Timestamps never go backwards: a change reported for an earlier time than the last
/// one written (the core may report a timer-driven edge inside an instruction after that
/// instruction's own port write) is written at the last time.
/// </summary>
public sealed class VcdWriter : IDisposable
{
    private readonly TextWriter output;
    private readonly string[] identifiers;
    private long lastTime = -1;
    private bool begun;

    /// <param name="output">where the text goes; the writer owns it and disposes it</param>
    public VcdWriter(TextWriter output, IReadOnlyList<WireSignal> signals)
    {
        this.output = output;
        Signals = signals;
        identifiers = signals.Select((_, index) => Identifier(index)).ToArray();
    }

    public IReadOnlyList<WireSignal> Signals { get; }

    /// <summary>Writes the header and every signal's level at <paramref name="nanoseconds"/>.</summary>
    /// <param name="comment">one line for the $comment section, e.g. what ran on which board</param>
    public void Begin(long nanoseconds, Func<int, bool> initialLevel, string comment)
    {
        if (begun) throw new InvalidOperationException("the VCD header is already written");
        begun = true;
        output.Write("$comment\n  " + comment.ReplaceLineEndings(" ") + "\n$end\n");
        output.Write("$version Calendar51 logic analyser $end\n");
        output.Write("$timescale 1ns $end\n");
        foreach (var scope in Signals.Select(s => s.Scope).Distinct())
        {
            output.Write($"$scope module {scope} $end\n");
            for (int index = 0; index < Signals.Count; index++)
            {
                if (Signals[index].Scope == scope) output.Write($"$var wire 1 {identifiers[index]} {Signals[index].Name} $end\n");
            }
            output.Write("$upscope $end\n");
        }
        output.Write("$enddefinitions $end\n");
        WriteTime(nanoseconds);
        output.Write("$dumpvars\n");
        for (int index = 0; index < Signals.Count; index++) WriteValue(index, initialLevel(index));
        output.Write("$end\n");
    }

    /// <summary>Signal <paramref name="index"/> changed to <paramref name="level"/> at <paramref name="nanoseconds"/>.</summary>
    public void Change(int index, bool level, long nanoseconds)
    {
        if (nanoseconds > lastTime) WriteTime(nanoseconds);
        WriteValue(index, level);
    }

    /// <summary>Closes the dump with a last timestamp (so viewers show the levels up to it) and flushes.</summary>
    public void End(long nanoseconds)
    {
        if (nanoseconds > lastTime) WriteTime(nanoseconds);
        output.Flush();
    }

    public void Dispose()
    {
        try
        {
            output.Dispose();
        }
        catch (IOException)
        {
            // A file that cannot be flushed has already failed in End or during the run, where the
            // caller reported it in one line; closing must not add a second error on top.
        }
    }

    private void WriteTime(long nanoseconds)
    {
        Span<char> digits = stackalloc char[20];
        nanoseconds.TryFormat(digits, out int length, default, CultureInfo.InvariantCulture);
        output.Write('#');
        output.Write(digits[..length]);
        output.Write('\n');
        lastTime = nanoseconds;
    }

    private void WriteValue(int index, bool level)
    {
        output.Write(level ? '1' : '0');
        output.Write(identifiers[index]);
        output.Write('\n');
    }

    /// <summary>Identifier codes from the printable ASCII range '!'–'~', shortest first: !, ", …, ~, !!, "!, …</summary>
    internal static string Identifier(int index)
    {
        const int first = '!', count = '~' - '!' + 1;
        var code = new System.Text.StringBuilder();
        do
        {
            code.Append((char)(first + index % count));
            index = index / count - 1;
        }
        while (index >= 0);
        return code.ToString();
    }
}
