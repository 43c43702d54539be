using Microsoft.Playwright;

namespace Calendar51.Tests.Emulate;

/// <summary>
/// A page of the web view in Debian's headless Chromium, driven by Playwright with the system browser
/// (the NuGet package carries Playwright's driver; no browser is ever downloaded), in a profile of its own
/// that is deleted with it.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowserContext context;
    private readonly string profile;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, string profile, IPage page)
    {
        this.playwright = playwright;
        this.context = context;
        this.profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Opens <paramref name="url"/>; every wait on the page times out after <paramref name="timeout"/>.</summary>
    public static async Task<HeadlessChromium> Open(string url, TimeSpan timeout, ViewportSize? viewport = null, float? deviceScaleFactor = null)
    {
        Assert.That(File.Exists(Executable), Is.True, $"{Executable} is missing: install the Debian package 'chromium' (apt-get install -y chromium)");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        string profile = Directory.CreateTempSubdirectory("calendar51-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            ViewportSize = viewport,
            DeviceScaleFactor = deviceScaleFactor,
            Timeout = (float)timeout.TotalMilliseconds,
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        page.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        await page.GotoAsync(url);
        return new HeadlessChromium(playwright, context, profile, page);
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        playwright.Dispose();
        Directory.Delete(profile, recursive: true);
    }
}
