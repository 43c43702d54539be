using System.Net;
using System.Net.Sockets;
using Calendar51.Host.Emulation.Web;

namespace Calendar51.Tests.Emulate;

/// <summary>Issue 9 §4: what another machine, or a web page elsewhere, can reach of a running emulator.</summary>
public class SafeByDefaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public void SerialOnEveryInterfaceNeedsAllowRemote()
    {
        int port = FreePort();
        using (var refused = EmulatorProcess.StartEmulate(TestPrograms.Hex("keys_lcd"), "--serial", $"tcp:0.0.0.0:{port}"))
        {
            Assert.That(refused.WaitForExit(Timeout), Is.EqualTo(1));
            Assert.That(refused.Errors, Does.Contain("--allow-remote"));
        }
        using var allowed = EmulatorProcess.StartEmulate(TestPrograms.Hex("keys_lcd"), "--serial", $"tcp:0.0.0.0:{port}", "--allow-remote");
        allowed.WaitForOutput(@"lcd 1 \|", Timeout);
        Assert.That(allowed.Errors, Does.Contain("warning:"));
        allowed.Send("q\n");
        Assert.That(allowed.WaitForExit(Timeout), Is.Zero);
    }

    [Test]
    public async Task TheWebViewRefusesForeignHostsAndCrossOriginPosts()
    {
        using var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("keys_lcd"), "--web", "--port", "0");
        string url = emulator.WaitForOutput(@"web view: (http://127\.0\.0\.1:\d+/)", Timeout).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout };
        string origin = url.TrimEnd('/');

        async Task<HttpStatusCode> Send(HttpMethod method, string path, string? host = null, string? fromOrigin = null, string? fetchSite = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (host is not null) request.Headers.Host = host;
            if (fromOrigin is not null) request.Headers.Add("Origin", fromOrigin);
            if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        // The page itself: allowed.
        Assert.That(await Send(HttpMethod.Get, "/api/state"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Send(HttpMethod.Post, "/api/speed?value=2", fromOrigin: origin, fetchSite: "same-origin"), Is.EqualTo(HttpStatusCode.NoContent));
        // DNS rebinding: a foreign name for 127.0.0.1.
        Assert.That(await Send(HttpMethod.Get, "/api/state", host: "evil.example:80"), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Send(HttpMethod.Post, "/api/keys/K4/press", host: "evil.example"), Is.EqualTo(HttpStatusCode.Forbidden));
        // A page elsewhere posting to us.
        Assert.That(await Send(HttpMethod.Post, "/api/keys/K4/press", fromOrigin: "http://evil.example"), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Send(HttpMethod.Post, "/api/speed?value=max", fetchSite: "cross-site"), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Send(HttpMethod.Post, "/api/speed?value=max", fromOrigin: "null"), Is.EqualTo(HttpStatusCode.Forbidden));
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero);
    }

    [TestCase("127.0.0.1:8051", true)]
    [TestCase("localhost:8051", true)]
    [TestCase("LOCALHOST", true)]
    [TestCase("[::1]:8051", true)]
    [TestCase("127.1.2.3", true)]
    [TestCase("192.168.1.10:8051", false)]
    [TestCase("localhost.evil.example", false)]
    [TestCase("127.0.0.1.nip.io", false)]
    [TestCase("127.0.0.1:8051/x", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void LoopbackHosts(string? host, bool loopback) =>
        Assert.That(LoopbackRequestGuard.IsLoopbackHost(host), Is.EqualTo(loopback));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
