namespace Calendar51.Emulator.Chips;

/// <summary>How much a diagnostic matters, in increasing order.</summary>
public enum DiagnosticSeverity
{
    /// <summary>True to the datasheet's letter but harmless on a real board (said so in the detail).</summary>
    Info,
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
    public override string ToString() =>
        $"{Severity.ToString().ToLowerInvariant()} {Chip} {Rule} at cycle {Cycle} ({VirtualTime.TotalMilliseconds:0.000} ms)"
        + (Location is null ? "" : $" {Location}") + $": {Detail}";
}

/// <summary>
/// The one list of violations reported by every chip on a board. Writers are the chip models on the
/// emulation thread; readers (tests, scenario runner, terminal view) may take snapshots from any
/// thread. Memory is bounded but nothing is lost silently: every report is counted per chip, rule
/// and severity with its first and last occurrence (<see cref="Summary"/>); every error is kept up
/// to <see cref="ErrorCapacity"/>, warnings and info up to <see cref="SampleCapacity"/>.
/// </summary>
public sealed class Diagnostics
{
    public const int DefaultSampleCapacity = 10_000;
    public const int DefaultErrorCapacity = 100_000;

    private readonly object _gate = new();
    private readonly List<Diagnostic> _entries = [];
    private readonly Dictionary<(string Chip, string Rule, DiagnosticSeverity Severity), DiagnosticRuleSummary> _rules = [];
    private int _keptErrors, _keptOthers;
    private long _total, _errors;

    /// <param name="sampleCapacity">warnings and info kept as entries (all are counted)</param>
    /// <param name="errorCapacity">errors kept as entries (all are counted)</param>
    public Diagnostics(int sampleCapacity = DefaultSampleCapacity, int errorCapacity = DefaultErrorCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(errorCapacity);
        SampleCapacity = sampleCapacity;
        ErrorCapacity = errorCapacity;
    }

    /// <summary>Warnings and info kept as entries; later ones are only counted.</summary>
    public int SampleCapacity { get; }

    /// <summary>Errors kept as entries; later ones are only counted.</summary>
    public int ErrorCapacity { get; }

    /// <summary>Set by the board to describe where the CPU is (e.g. the current instruction's address).</summary>
    public Func<string?>? LocationProvider { get; set; }

    /// <summary>Raised on the reporting thread for every report, kept as an entry or only counted.</summary>
    public event Action<Diagnostic>? Reported;

    /// <summary>Every report since the last <see cref="Clear"/>.</summary>
    public long TotalCount
    {
        get { lock (_gate) return _total; }
    }

    /// <summary>Every error report since the last <see cref="Clear"/>.</summary>
    public long ErrorCount
    {
        get { lock (_gate) return _errors; }
    }

    /// <summary>Reports counted in <see cref="Summary"/> but not kept as entries.</summary>
    public long Dropped
    {
        get { lock (_gate) return _total - _entries.Count; }
    }

    /// <summary>Entries kept.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    public void Report(string chip, string rule, long cycle, TimeSpan virtualTime, string detail, DiagnosticSeverity severity)
    {
        var entry = new Diagnostic(chip, rule, cycle, virtualTime, detail, severity, LocationProvider?.Invoke());
        lock (_gate)
        {
            _total++;
            var key = (chip, rule, severity);
            _rules[key] = _rules.TryGetValue(key, out var known) ? known with { Count = known.Count + 1, Last = entry } : new DiagnosticRuleSummary(entry);
            if (severity == DiagnosticSeverity.Error)
            {
                _errors++;
                if (_keptErrors < ErrorCapacity)
                {
                    _keptErrors++;
                    _entries.Add(entry);
                }
            }
            else if (_keptOthers < SampleCapacity)
            {
                _keptOthers++;
                _entries.Add(entry);
            }
        }
        Reported?.Invoke(entry);
    }

    /// <summary>The kept entries in the order they were reported.</summary>
    public IReadOnlyList<Diagnostic> Snapshot()
    {
        lock (_gate) return _entries.ToArray();
    }

    /// <summary>Per chip, rule and severity: how many, first and last; errors first, then by first occurrence.</summary>
    public IReadOnlyList<DiagnosticRuleSummary> Summary()
    {
        lock (_gate) return DiagnosticRuleSummary.Order(_rules.Values);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _rules.Clear();
            _keptErrors = _keptOthers = 0;
            _total = _errors = 0;
        }
    }
}
