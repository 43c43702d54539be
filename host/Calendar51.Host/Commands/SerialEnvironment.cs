using Calendar51.Host.Serial;

namespace Calendar51.Host.Commands;

/// <summary>
/// What the serial commands need from the outside world: a way to open a port, a clock, and Ctrl-C.
/// The default is the real machine; tests pass a fake device and its virtual time.
/// </summary>
public sealed record SerialEnvironment(
    Func<string, int, LineParity, ISerialTransport> OpenPort,
    ITimeSource Time,
    bool OutputIsTerminal,
    CancellationToken Cancellation)
{
    public static SerialEnvironment Real(TextWriter stdout) => new(
        SystemSerialTransport.Open,
        new SystemTimeSource(),
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected,
        CtrlC.Token);

    /// <summary>Ctrl-C cancels the running command (exit code 2) instead of killing the process mid-write.</summary>
    private static class CtrlC
    {
        private static readonly CancellationTokenSource Source = Hook();

        public static CancellationToken Token => Source.Token;

        private static CancellationTokenSource Hook()
        {
            var source = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                source.Cancel();
            };
            return source;
        }
    }
}
