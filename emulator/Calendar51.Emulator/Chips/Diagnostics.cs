namespace Calendar51.Emulator.Chips;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Outside the datasheet but tolerated by the model (e.g. a timing margin missed).</summary>
    Warning,
    /// <summary>The chip lost or ignored what the firmware sent.</summary>
    Error,
}

/// <summary>One timing or protocol violation seen by a chip model.</summary>
/// <param name="Chip">the chip's name on the board, e.g. "DS1302" or "LCD1602"</param>
/// <param name="Rule">the datasheet parameter or rule, e.g. "tCC", "tCWH", "busy"</param>
/// <param name="Cycle">machine cycle of the offending edge</param>
/// <param name="VirtualTime">the same moment as virtual time since reset</param>
/// <param name="Detail">what happened, in the datasheet's terms</param>
/// <param name="Severity">tolerated by the model, or lost data</param>
/// <param name="Location">where the CPU was (e.g. "PC=0123"), when the board supplies it</param>
public sealed record Diagnostic(
    string Chip,
    string Rule,
    long Cycle,
    TimeSpan VirtualTime,
    string Detail,
    DiagnosticSeverity Severity,
    string? Location)
{
    /// <summary>One line: severity, chip, rule, cycle, time, location and detail.</summary>
    public override string ToString() =>
        $"{Severity.ToString().ToLowerInvariant()} {Chip} {Rule} at cycle {Cycle} ({VirtualTime.TotalMilliseconds:0.000} ms)"
        + (Location is null ? "" : $" {Location}") + $": {Detail}";
}

/// <summary>
/// The one list of violations reported by every chip on a board. Writers are the chip models on the
/// emulation thread; readers (tests, scenario runner, terminal view) may take snapshots from any
/// thread. Capped so a firmware loop that violates a rule millions of times cannot exhaust memory.
/// </summary>
public sealed class Diagnostics
{
    private readonly object _gate = new();
    private readonly List<Diagnostic> _entries = [];

    /// <summary>An empty list that keeps at most <paramref name="capacity"/> entries.</summary>
    public Diagnostics(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>The most entries kept; later reports only count in <see cref="Dropped"/>.</summary>
    public int Capacity { get; }

    /// <summary>Set by the board to describe where the CPU is (e.g. the current instruction's address).</summary>
    public Func<string?>? LocationProvider { get; set; }

    /// <summary>Raised on the reporting thread for each recorded entry (not for dropped ones).</summary>
    public event Action<Diagnostic>? Reported;

    /// <summary>How many reports arrived after the list was full.</summary>
    public long Dropped
    {
        get { lock (_gate) return _dropped; }
    }

    private long _dropped;

    /// <summary>Entries recorded.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Records a violation (see <see cref="Diagnostic"/> for the fields), unless the list is full.</summary>
    public void Report(string chip, string rule, long cycle, TimeSpan virtualTime, string detail, DiagnosticSeverity severity)
    {
        Diagnostic entry;
        lock (_gate)
        {
            if (_entries.Count >= Capacity)
            {
                _dropped++;
                return;
            }
            entry = new Diagnostic(chip, rule, cycle, virtualTime, detail, severity, LocationProvider?.Invoke());
            _entries.Add(entry);
        }
        Reported?.Invoke(entry);
    }

    /// <summary>A copy of the entries, oldest first.</summary>
    public IReadOnlyList<Diagnostic> Snapshot()
    {
        lock (_gate) return _entries.ToArray();
    }

    /// <summary>Forgets every entry and the dropped count.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _dropped = 0;
        }
    }
}
