using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.Chips;

/// <summary>How a push button's contacts bounce.</summary>
public sealed record PushButtonOptions
{
    /// <summary>How long the contacts chatter after each press and release; zero for a clean switch.</summary>
    public TimeSpan Bounce { get; init; } = TimeSpan.FromMilliseconds(3);
    /// <summary>Seed of the chatter pattern, so runs repeat exactly.</summary>
    public int Seed { get; init; } = 51;
    /// <summary>Shortest time between two chatter edges.</summary>
    public TimeSpan MinimumChatterGap { get; init; } = TimeSpan.FromMicroseconds(10);
}

/// <summary>
/// A push button: a switch whose contacts bounce for a while after every press and release. The
/// board decides what a closed switch does to its pin (usually pulls it to GND). Transitions are
/// computed when the user acts, at exact machine cycles, so the board can query
/// <see cref="IsClosedAt"/> or schedule <see cref="NextTransitionAfter"/>; nothing runs per cycle.
/// </summary>
public sealed class PushButton
{
    private readonly MachineClock _clock;
    private readonly Random _random;
    private readonly List<long> _cycles = [];
    private readonly List<bool> _closed = [];

    /// <summary>A released button.</summary>
    /// <param name="clock">The board's crystal: transitions are computed in its machine cycles.</param>
    /// <param name="name">The key's name on the board, e.g. K1.</param>
    /// <param name="options">Bounce time and seed (default: 3 ms, seed 51).</param>
    public PushButton(MachineClock clock, string name, PushButtonOptions? options = null)
    {
        _clock = clock;
        Name = name;
        Options = options ?? new PushButtonOptions();
        if (Options.Bounce < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), Options.Bounce, "bounce time cannot be negative");
        if (Options.MinimumChatterGap <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), Options.MinimumChatterGap, "chatter gap must be positive");
        _random = new Random(Options.Seed);
    }

    /// <summary>The key's name on the board.</summary>
    public string Name { get; }
    /// <summary>How this button bounces.</summary>
    public PushButtonOptions Options { get; }

    /// <summary>Whether the user holds the button (after the last <see cref="Press"/> or <see cref="Release"/>).</summary>
    public bool IsPressed { get; private set; }

    /// <summary>The user presses at <paramref name="cycle"/>; the contacts close after their chatter.</summary>
    public void Press(long cycle) => Act(true, cycle);

    /// <summary>The user lets go at <paramref name="cycle"/>; the contacts open after their chatter.</summary>
    public void Release(long cycle) => Act(false, cycle);

    // Small enough to inline: the board asks on every resolution of the key's port, and a key never touched is open.
    /// <summary>Whether the contacts touch at <paramref name="cycle"/>.</summary>
    public bool IsClosedAt(long cycle) => EverActed && WasClosedAt(cycle);

    /// <summary>Whether the key has ever been pressed or released: until then its contacts are open at every cycle.</summary>
    private bool EverActed => _cycles.Count != 0;

    private bool WasClosedAt(long cycle)
    {
        int index = _cycles.BinarySearch(cycle);
        if (index < 0) index = ~index - 1;
        return index >= 0 && _closed[index];
    }

    /// <summary>The first cycle after <paramref name="cycle"/> at which the contacts open or close, if any is scheduled.</summary>
    public long? NextTransitionAfter(long cycle)
    {
        int index = _cycles.BinarySearch(cycle + 1);
        if (index < 0) index = ~index;
        return index < _cycles.Count ? _cycles[index] : null;
    }

    private void Act(bool press, long cycle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cycle);
        IsPressed = press;
        // A new action overrides chatter still scheduled from the previous one.
        int keep = _cycles.BinarySearch(cycle);
        if (keep < 0) keep = ~keep;
        _cycles.RemoveRange(keep, _cycles.Count - keep);
        _closed.RemoveRange(keep, _closed.Count - keep);

        Add(cycle, press);
        long bounceEnd = cycle + _clock.CyclesIn(Options.Bounce);
        long minimumGap = Math.Max(1, _clock.CyclesIn(Options.MinimumChatterGap));
        long maximumGap = Math.Max(minimumGap, (bounceEnd - cycle) / 4);
        bool state = press;
        for (long t = cycle + _random.NextInt64(minimumGap, maximumGap + 1); t < bounceEnd; t += _random.NextInt64(minimumGap, maximumGap + 1))
        {
            state = !state;
            Add(t, state);
        }
        if (state != press) Add(bounceEnd, press);
    }

    private void Add(long cycle, bool closed)
    {
        if (_closed.Count > 0 && _closed[^1] == closed) return;
        _cycles.Add(cycle);
        _closed.Add(closed);
    }
}
