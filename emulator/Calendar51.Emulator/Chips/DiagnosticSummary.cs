using System.Globalization;
using System.Text;

namespace Calendar51.Emulator.Chips;

/// <summary>Every report of one rule of one chip at one severity: how many, the first and the last.</summary>
public sealed record DiagnosticRuleSummary(string Chip, string Rule, DiagnosticSeverity Severity, long Count, Diagnostic First, Diagnostic Last)
{
    public DiagnosticRuleSummary(Diagnostic first)
        : this(first.Chip, first.Rule, first.Severity, 1, first, first)
    {
    }

    /// <summary>Errors first, then warnings, then info; within a severity by first occurrence.</summary>
    public static IReadOnlyList<DiagnosticRuleSummary> Order(IEnumerable<DiagnosticRuleSummary> rules) =>
        rules.OrderByDescending(r => r.Severity).ThenBy(r => r.First.VirtualTime).ThenBy(r => r.Chip, StringComparer.Ordinal).ThenBy(r => r.Rule, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// "error    rtc  tCC  ×3  first 1.234 ms pc 0x0012, last 5.678 ms pc 0x0034: …" with the first
    /// occurrence's detail.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Severity.ToString().ToLowerInvariant(),-7} {Chip} {Rule} ×{Count}: first {Where(First)}");
        if (Count > 1) text.Append(CultureInfo.InvariantCulture, $", last {Where(Last)}");
        text.Append(": ").Append(First.Detail);
        return text.ToString();
    }

    private static string Where(Diagnostic diagnostic) =>
        string.Create(CultureInfo.InvariantCulture, $"{diagnostic.VirtualTime.TotalMilliseconds:0.000} ms") + (diagnostic.Location is null ? "" : " " + diagnostic.Location);
}

/// <summary>
/// Which diagnostics a check cares about: at or above <see cref="MinimumSeverity"/>, and only the
/// given rule and chip when set (names compare exactly, as the reports spell them).
/// </summary>
public sealed record DiagnosticFilter(DiagnosticSeverity MinimumSeverity = DiagnosticSeverity.Warning, string? Rule = null, string? Chip = null)
{
    /// <summary>Warnings and errors of any rule: what counts as a violation unless said otherwise.</summary>
    public static readonly DiagnosticFilter Violations = new();

    public bool Matches(DiagnosticSeverity severity, string chip, string rule) =>
        severity >= MinimumSeverity && (Rule is null || Rule == rule) && (Chip is null || Chip == chip);

    public bool Matches(Diagnostic diagnostic) => Matches(diagnostic.Severity, diagnostic.Chip, diagnostic.Rule);

    public bool Matches(DiagnosticRuleSummary rule) => Matches(rule.Severity, rule.Chip, rule.Rule);

    public override string ToString()
    {
        var parts = new List<string> { "severity: " + MinimumSeverity.ToString().ToLowerInvariant() };
        if (Rule is not null) parts.Add("rule: " + Rule);
        if (Chip is not null) parts.Add("chip: " + Chip);
        return "{" + string.Join(", ", parts) + "}";
    }
}

/// <summary>
/// What one or several boards' diagnostics add up to (a scenario's power cycles make several):
/// the per-rule summary, every error kept, and how many errors were only counted. The text for
/// <c>run</c>, <c>scenario</c> and <c>emulate</c> comes from <see cref="Lines"/>.
/// </summary>
public sealed class DiagnosticReport
{
    public DiagnosticReport(IEnumerable<Diagnostics> boards)
    {
        var rules = new Dictionary<(string, string, DiagnosticSeverity), DiagnosticRuleSummary>();
        var errors = new List<Diagnostic>();
        foreach (var diagnostics in boards)
        {
            foreach (var rule in diagnostics.Summary())
            {
                var key = (rule.Chip, rule.Rule, rule.Severity);
                rules[key] = rules.TryGetValue(key, out var earlier) ? earlier with { Count = earlier.Count + rule.Count, Last = rule.Last } : rule;
            }
            errors.AddRange(diagnostics.Snapshot().Where(d => d.Severity == DiagnosticSeverity.Error));
            Total += diagnostics.TotalCount;
            ErrorCapacity = diagnostics.ErrorCapacity;
        }
        Rules = DiagnosticRuleSummary.Order(rules.Values);
        Errors = errors;
    }

    public DiagnosticReport(params Diagnostics[] boards)
        : this((IEnumerable<Diagnostics>)boards)
    {
    }

    public IReadOnlyList<DiagnosticRuleSummary> Rules { get; }

    /// <summary>Every error kept, in order (each board keeps up to its error capacity).</summary>
    public IReadOnlyList<Diagnostic> Errors { get; }

    public long Total { get; }

    public int ErrorCapacity { get; } = Diagnostics.DefaultErrorCapacity;

    public long Count(DiagnosticFilter filter) => Rules.Where(filter.Matches).Sum(r => r.Count);

    public long CountOf(DiagnosticSeverity severity) => Rules.Where(r => r.Severity == severity).Sum(r => r.Count);

    /// <summary>
    /// A header with the counts per severity, one line per rule (count, first and last occurrence),
    /// then every error kept that <paramref name="filter"/> lets through, and a line saying how many
    /// errors were counted beyond what was kept. Empty when nothing matches.
    /// </summary>
    public IReadOnlyList<string> Lines(DiagnosticFilter? filter = null, string indent = "  ")
    {
        filter ??= new DiagnosticFilter(DiagnosticSeverity.Info);
        var rules = Rules.Where(filter.Matches).ToList();
        if (rules.Count == 0) return [];
        long errors = rules.Where(r => r.Severity == DiagnosticSeverity.Error).Sum(r => r.Count);
        long warnings = rules.Where(r => r.Severity == DiagnosticSeverity.Warning).Sum(r => r.Count);
        long info = rules.Where(r => r.Severity == DiagnosticSeverity.Info).Sum(r => r.Count);
        var lines = new List<string>
        {
            $"{errors + warnings + info} diagnostic(s): {errors} error(s), {warnings} warning(s), {info} info; by chip and rule (count, first and last):",
        };
        lines.AddRange(rules.Select(rule => indent + rule));
        var shownErrors = Errors.Where(filter.Matches).ToList();
        if (errors > 0)
        {
            lines.Add($"every error ({errors}):");
            lines.AddRange(shownErrors.Select(error => indent + error));
            if (errors > shownErrors.Count)
                lines.Add($"{indent}… {errors - shownErrors.Count} more error(s) counted above but not kept (a board keeps its first {ErrorCapacity})");
        }
        return lines;
    }
}
