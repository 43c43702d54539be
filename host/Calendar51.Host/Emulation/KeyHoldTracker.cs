namespace Calendar51.Host.Emulation;

/// <summary>
/// Turns a terminal's key events into button holds. Terminals report key-down and its auto-repeat
/// but never key-up, so the first event of a key presses its button and the button is released
/// <see cref="ReleaseAfter"/> after the last event of that key: holding a key on the keyboard
/// holds the button for as long as the terminal repeats it. The default covers the usual initial
/// repeat delays (250–500 ms); a single tap holds the button for that long.
/// </summary>
public sealed class KeyHoldTracker
{
    public static readonly TimeSpan DefaultReleaseAfter = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, TimeSpan> lastEvent = new(StringComparer.OrdinalIgnoreCase);

    public KeyHoldTracker(TimeSpan? releaseAfter = null)
    {
        ReleaseAfter = releaseAfter ?? DefaultReleaseAfter;
    }

    public TimeSpan ReleaseAfter { get; }

    public IEnumerable<string> Held => lastEvent.Keys;

    /// <summary>A key event at host time <paramref name="now"/>; true when it starts a hold (press the button).</summary>
    public bool KeyEvent(string button, TimeSpan now)
    {
        bool starts = !lastEvent.ContainsKey(button);
        lastEvent[button] = now;
        return starts;
    }

    /// <summary>The buttons whose key stopped repeating by <paramref name="now"/> (release them); they are no longer held.</summary>
    public IReadOnlyList<string> Expire(TimeSpan now)
    {
        var expired = lastEvent.Where(entry => now - entry.Value >= ReleaseAfter).Select(entry => entry.Key).ToList();
        foreach (var button in expired) lastEvent.Remove(button);
        return expired;
    }

    /// <summary>Everything still held (e.g. at quit), now released.</summary>
    public IReadOnlyList<string> ReleaseAll()
    {
        var all = lastEvent.Keys.ToList();
        lastEvent.Clear();
        return all;
    }
}
