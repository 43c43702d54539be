using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Calendar51.Tests.Emulate;

/// <summary>
/// <c>emulate --decode --web</c>: the page shows the latest decoded bus lines beside the LCD and keeps
/// them moving, in Debian's headless Chromium (as <see cref="WebViewTests"/> drives it); the plain
/// view prints the same lines.
/// </summary>
public class WebViewBusTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public async Task ThePageShowsTheLatestDecodedBusLinesBesideTheLcd()
    {
        string firmware = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
        using var emulator = EmulatorProcess.StartEmulate(firmware, "--time", "2028-02-28T23:59:55", "--decode", "--web", "--port", "0");
        string url = emulator.WaitForOutput(@"web view: (http://127\.0\.0\.1:\d+/)", Timeout).Groups[1].Value;
        // The plain view prints every decoded line: here the firmware reading the clock it was given.
        emulator.WaitForOutput(@"\n\s+0\.\d{6} s  pc [0-9A-F]{4}  rtc  burst read clock \(BF\): 55 59 23 28 02 01 28\n", Timeout);

        await using var chromium = await HeadlessChromium.Open(url, Timeout, new ViewportSize { Width = 1280, Height = 800 });
        var page = chromium.Page;

        // The firmware rewrites the screen every tenth of a second: the panel soon holds LCD writes.
        await page.WaitForFunctionAsync("() => /lcd  write '.' to DDRAM 0x[0-9A-F]{2}/.test(document.getElementById('bus').textContent)");
        var lines = await page.Locator("#bus li").AllTextContentsAsync();
        Assert.That(lines, Has.Count.InRange(1, 16));
        Assert.That(lines, Is.All.Match(@"^\s+\d+\.\d{6} s  pc [0-9A-F]{4}  (lcd|rtc|uart) "));
        Assert.That(await page.Locator("#bus-panel").IsVisibleAsync(), Is.True);

        // Beside the LCD: the panel starts to the right of the board, level with it.
        var board = (await page.Locator("#board").BoundingBoxAsync())!;
        var panel = (await page.Locator("#bus-panel").BoundingBoxAsync())!;
        Assert.That(panel.X, Is.GreaterThanOrEqualTo(board.X + board.Width), "the bus panel is right of the board");
        Assert.That(panel.Y, Is.LessThan(board.Y + board.Height), "and level with it");

        // Live: the count goes on growing as the firmware keeps talking to its chips.
        long count = long.Parse(await page.Locator("#bus-count").TextContentAsync() ?? "0");
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('bus-count').textContent) > {count + 100}");
        string pagePicture = Path.Combine(TestContext.CurrentContext.WorkDirectory, "emulate-web-view-bus.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = pagePicture, FullPage = true });
        TestContext.AddTestAttachment(pagePicture, "the web view with --decode");
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
        Assert.That(Regex.IsMatch(emulator.Output, @"lcd  instruction C0: set DDRAM 0x40"), Is.True, "the plain view printed the second line's address");
    }
}
