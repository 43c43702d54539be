namespace Calendar51.Host.Serial;

/// <summary>
/// Elapsed time and waiting. Real sessions use the wall clock; tests use the fake device's virtual time
/// so a 30-second timeout costs nothing.
/// </summary>
public interface ITimeSource
{
    TimeSpan Now { get; }

    void Sleep(TimeSpan duration, CancellationToken cancellation);
}

/// <summary>Monotonic wall-clock time.</summary>
public sealed class SystemTimeSource : ITimeSource
{
    private readonly System.Diagnostics.Stopwatch _stopwatch = System.Diagnostics.Stopwatch.StartNew();

    public TimeSpan Now => _stopwatch.Elapsed;

    public void Sleep(TimeSpan duration, CancellationToken cancellation)
    {
        if (duration <= TimeSpan.Zero)
        {
            cancellation.ThrowIfCancellationRequested();
            return;
        }
        if (cancellation.WaitHandle.WaitOne(duration))
        {
            cancellation.ThrowIfCancellationRequested();
        }
    }
}
