using Calendar51.Emulator.Board;

namespace Calendar51.Emulator.LogicAnalyser;

/// <summary>
/// One wire the logic analyser can record: a part's pin as the board file names it (<c>lcd.E</c>,
/// <c>rtc.SCLK</c>) or, on a bare MCU, the port pin itself (<c>P3.4</c>). <see cref="Scope"/> is the
/// part (or port) it belongs to, <see cref="Pin"/> the MCU pin whose level it is.
/// </summary>
public sealed record WireSignal(string Name, string Scope, McuPin Pin);

/// <summary>A --signals pattern that names no signal, or an empty selection.</summary>
public sealed class SignalSelectionException(string message) : ArgumentException(message);

/// <summary>The signals of a board or a bare MCU, and choosing among them with glob patterns.</summary>
public static class WireSignals
{
    /// <summary>Every wired pin of the board, one signal per part pin, in the board file's order.</summary>
    public static IReadOnlyList<WireSignal> Of(BoardDescription board) =>
        board.Wires.Select(wire => new WireSignal($"{wire.Part}.{wire.PartPin}", wire.Part, wire.Pin)).ToList();

    /// <summary>The 32 port pins P0.0 … P3.7 of an MCU with no board around it.</summary>
    public static IReadOnlyList<WireSignal> OfBareMcu() =>
        Enumerable.Range(0, 32).Select(index => new McuPin(index / 8, index % 8))
            .Select(pin => new WireSignal(pin.ToString(), $"P{pin.Port}", pin)).ToList();

    /// <summary>
    /// The signals matching any of the comma-separated glob <paramref name="patterns"/> (<c>*</c> any
    /// run of characters, <c>?</c> one; case-insensitive), tried against each signal's name and its
    /// MCU pin, so <c>rtc.*</c> and <c>P3.*</c> both work. Null or empty: all of them. A pattern that
    /// matches nothing throws <see cref="SignalSelectionException"/> listing what there is.
    /// </summary>
    public static IReadOnlyList<WireSignal> Select(IReadOnlyList<WireSignal> all, string? patterns)
    {
        if (string.IsNullOrWhiteSpace(patterns)) return all;
        var chosen = new HashSet<WireSignal>();
        foreach (var raw in patterns.Split(','))
        {
            string pattern = raw.Trim();
            if (pattern.Length == 0) throw new SignalSelectionException($"--signals '{patterns}' has an empty name");
            var matches = all.Where(signal => Glob(pattern, signal.Name) || Glob(pattern, signal.Pin.ToString())).ToList();
            if (matches.Count == 0)
                throw new SignalSelectionException($"--signals: '{pattern}' matches no signal (signals: {string.Join(", ", all.Select(s => s.Name))})");
            chosen.UnionWith(matches);
        }
        return all.Where(chosen.Contains).ToList();
    }

    /// <summary>Whether <paramref name="text"/> matches the glob <paramref name="pattern"/> as a whole.</summary>
    internal static bool Glob(string pattern, string text)
    {
        // Iterative matcher with one backtrack point for the last '*': linear enough for names this short.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
