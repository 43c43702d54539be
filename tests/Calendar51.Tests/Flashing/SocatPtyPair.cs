using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Calendar51.Tests.Flashing;

/// <summary>
/// Two linked pseudo-terminals from `socat -d -d pty,raw,echo=0 pty,raw,echo=0`: what one end writes the
/// other reads, like a null-modem cable. Ptys ignore baud and reject parity and modem lines.
/// </summary>
public sealed partial class SocatPtyPair : IDisposable
{
    private readonly Process _socat;

    private SocatPtyPair(Process socat, string first, string second)
    {
        _socat = socat;
        First = first;
        Second = second;
    }

    public string First { get; }

    public string Second { get; }

    public static SocatPtyPair Start()
    {
        var start = new ProcessStartInfo("socat", "-d -d pty,raw,echo=0 pty,raw,echo=0")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process socat;
        try
        {
            socat = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"socat is needed for the pty tests and could not be started: {e.Message}");
            throw;
        }
        var ptys = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            var read = socat.StandardError.ReadLineAsync();
            if (!read.Wait(deadline - DateTime.UtcNow) || read.Result is null)
            {
                break;
            }
            var match = PtyLine().Match(read.Result);
            if (match.Success)
            {
                ptys.Add(match.Groups[1].Value);
            }
            if (read.Result.Contains("starting data transfer loop", StringComparison.Ordinal) && ptys.Count == 2)
            {
                // Keep draining socat's log so it never blocks on a full pipe.
                _ = socat.StandardError.ReadToEndAsync();
                return new SocatPtyPair(socat, ptys[0], ptys[1]);
            }
        }
        socat.Kill();
        Assert.Fail($"socat did not report two ptys within 5 s (got {string.Join(", ", ptys)})");
        throw new InvalidOperationException();
    }

    public void Dispose()
    {
        if (!_socat.HasExited)
        {
            _socat.Kill();
            _socat.WaitForExit(2000);
        }
        _socat.Dispose();
    }

    [GeneratedRegex(@"PTY is (\S+)")]
    private static partial Regex PtyLine();
}
