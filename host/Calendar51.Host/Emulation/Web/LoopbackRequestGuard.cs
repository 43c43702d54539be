using System.Net;

namespace Calendar51.Host.Emulation.Web;

/// <summary>
/// Which requests the web view answers. It listens on 127.0.0.1, but a browser visiting any other site
/// can still send requests there: a cross-origin POST would press keys or change the speed, and a
/// DNS-rebinding page reaches it under a foreign Host name. So every request must name a loopback Host,
/// and a request that changes something must come from the page itself (its Origin, or Sec-Fetch-Site
/// same-origin when the browser sends no Origin).
/// </summary>
public static class LoopbackRequestGuard
{
    /// <summary>Why the request is refused, or null when it may go ahead.</summary>
    public static string? Refuse(string method, string? host, string? origin, string? fetchSite)
    {
        if (!IsLoopbackHost(host)) return $"Host '{host}' is not this machine: use http://127.0.0.1 or http://localhost";
        if (method is "GET" or "HEAD" or "OPTIONS") return null;
        if (fetchSite is not null && fetchSite is not ("same-origin" or "none"))
            return $"cross-site request refused (Sec-Fetch-Site: {fetchSite})";
        if (origin is not null && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                                    && uri.Scheme == Uri.UriSchemeHttp
                                    && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase)))
            return $"cross-origin request refused (Origin: {origin})";
        return null;
    }

    /// <summary>127.0.0.1, any other loopback address, [::1] or localhost, with or without a port.</summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        // Parse as a URI authority, so "[::1]:8051" and "localhost:8051" split into name and port the same way.
        if (!Uri.TryCreate("http://" + host, UriKind.Absolute, out var uri) || uri.Authority.Length == 0 || uri.PathAndQuery != "/") return false;
        if (uri.HostNameType == UriHostNameType.Dns) return uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
