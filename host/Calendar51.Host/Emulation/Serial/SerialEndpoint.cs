using System.Globalization;
using System.Net;

namespace Calendar51.Host.Emulation.Serial;

/// <summary>Where <c>--serial</c> exposes the board's UART: a pseudo-terminal, or a TCP port.</summary>
public sealed record SerialEndpoint(IPEndPoint? Tcp)
{
    public bool IsPty => Tcp is null;

    /// <summary>Only this machine can connect: a pty, or a TCP port on a loopback address.</summary>
    public bool IsLocalOnly => Tcp is null || IPAddress.IsLoopback(Tcp.Address);

    /// <summary>Parses <c>pty</c> or <c>tcp:ADDRESS:PORT</c> (an IP address, e.g. tcp:127.0.0.1:5100).</summary>
    public static bool TryParse(string text, out SerialEndpoint endpoint, out string error)
    {
        endpoint = new SerialEndpoint((IPEndPoint?)null);
        error = "";
        string trimmed = text.Trim();
        if (trimmed.Equals("pty", StringComparison.OrdinalIgnoreCase)) return true;
        const string prefix = "tcp:";
        if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            string rest = trimmed[prefix.Length..];
            int colon = rest.LastIndexOf(':');
            if (colon > 0
                && IPAddress.TryParse(rest[..colon].Trim('[', ']'), out var address)
                && int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port)
                && port is > 0 and <= 65535)
            {
                endpoint = new SerialEndpoint(new IPEndPoint(address, port));
                return true;
            }
        }
        error = $"'{text}' is not pty or tcp:ADDRESS:PORT (e.g. tcp:127.0.0.1:5100)";
        return false;
    }
}
