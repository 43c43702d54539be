using System.Text;
using Calendar51.Emulator.Chips.Lcd;
using Microsoft.Playwright;

namespace Calendar51.Tests.Emulate;

/// <summary>
/// The web view in Debian's headless Chromium, driven by Playwright with the system browser (no
/// browser download): the LCD on the page is the emulator's picture dot for dot, holding K4
/// with the mouse changes the screen, and the power button restarts the program.
/// </summary>
public class WebViewTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // The LCD picture's dot grid: 3 border dots, 5×8 cells one dot apart, 16×2 cells.
    private const int BorderDots = 3, Columns = 16, Rows = 2;
    private const int WidthDots = 2 * BorderDots + Columns * 6 - 1, HeightDots = 2 * BorderDots + Rows * 9 - 1;

    [Test]
    public async Task ThePageDrawsTheLcdDotForDotAndHoldingK4ChangesIt()
    {
        using var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("keys_lcd"), "--web", "--port", "0");
        string url = emulator.WaitForOutput(@"web view: (http://127\.0\.0\.1:\d+/)", Timeout).Groups[1].Value;

        await using var chromium = await HeadlessChromium.Open(url, Timeout, new ViewportSize { Width = 800, Height = 700 }, deviceScaleFactor: 1);
        var page = chromium.Page;
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout };

        await WaitForLcdText(page, "KEYS ----");
        var before = await CompareWithEmulatorPng(page, http);
        AssertCellsShow(before, 0, "KEYS ----");
        AssertCellsShow(before, 1, "N 00 00 00 00");

        var key = page.Locator("#key-K4");
        await key.HoverAsync();
        await page.Mouse.DownAsync();
        await WaitForLcdText(page, "KEYS ---4");
        await page.Mouse.UpAsync();
        await WaitForLcdText(page, "KEYS ----");
        await WaitForLcdText(page, "N 00 00 00 01");
        var after = await CompareWithEmulatorPng(page, http);
        AssertCellsShow(after, 1, "N 00 00 00 01");

        string pagePicture = Path.Combine(TestContext.CurrentContext.WorkDirectory, "emulate-web-view.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = pagePicture, FullPage = true });
        TestContext.AddTestAttachment(pagePicture, "the web view after K4");

        // The power button switches the board off and on: the program starts again from reset.
        await page.Locator("#power").ClickAsync();
        await WaitForLcdText(page, "N 00 00 00 00");

        // A phone-wide window: the LCD is scaled to fit, not clipped, and keeps its shape.
        await page.SetViewportSizeAsync(360, 700);
        var box = await page.Locator("#lcd").BoundingBoxAsync();
        Assert.That(box, Is.Not.Null);
        Assert.That(box!.X, Is.GreaterThanOrEqualTo(0));
        Assert.That(box.X + box.Width, Is.LessThanOrEqualTo(360), "the LCD runs past the window");
        Assert.That(box.Width, Is.GreaterThan(300));
        Assert.That(box.Height / box.Width, Is.EqualTo(154.0 / 622).Within(0.03), "the LCD lost its shape");
        Assert.That(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "the page scrolls sideways");
        string narrowPicture = Path.Combine(TestContext.CurrentContext.WorkDirectory, "emulate-web-view-360px.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = narrowPicture, FullPage = true });
        TestContext.AddTestAttachment(narrowPicture, "the web view 360 px wide");

        await page.SelectOptionAsync("#speed", "max");
        await page.WaitForFunctionAsync("() => document.getElementById('achieved').textContent.includes('asked max')");
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
    }

    private static async Task WaitForLcdText(IPage page, string text)
    {
        await page.WaitForFunctionAsync("text => document.getElementById('lcd-text').textContent.includes(text)", text,
            new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds });
    }

    /// <summary>
    /// Screenshots the canvas's drawing area and the emulator's /lcd.png, samples the middle of every
    /// dot in both (the page scales differently), and requires the same dots lit. Returns the lit map.
    /// </summary>
    private static async Task<bool[,]> CompareWithEmulatorPng(IPage page, HttpClient http)
    {
        var box = await page.EvaluateAsync<double[]>(
            "() => { const c = document.getElementById('lcd'); const r = c.getBoundingClientRect(); return [r.left + c.clientLeft, r.top + c.clientTop, c.clientWidth, c.clientHeight]; }");
        var screenshot = PngPixels.Decode(await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Clip = new Clip { X = (float)box[0], Y = (float)box[1], Width = (float)box[2], Height = (float)box[3] },
        }));
        var emulatorPng = PngPixels.Decode(await http.GetByteArrayAsync("lcd.png"));
        var shown = LitDots(screenshot);
        var expected = LitDots(emulatorPng);
        var differences = new StringBuilder();
        for (int y = 0; y < HeightDots; y++)
        for (int x = 0; x < WidthDots; x++)
        {
            if (shown[y, x] != expected[y, x]) differences.Append($" ({x},{y})");
        }
        Assert.That(differences.ToString(), Is.Empty, $"dots that differ between the page ({screenshot.Width}×{screenshot.Height}) and /lcd.png ({emulatorPng.Width}×{emulatorPng.Height})");
        return shown;
    }

    /// <summary>Which dots of the picture are dark: the middle pixel of each dot against the midpoint of the darkest and lightest.</summary>
    private static bool[,] LitDots(PngPixels image)
    {
        var lum = new double[HeightDots, WidthDots];
        double darkest = double.MaxValue, lightest = double.MinValue;
        for (int y = 0; y < HeightDots; y++)
        for (int x = 0; x < WidthDots; x++)
        {
            int px = (int)((x + 0.5) * image.Width / WidthDots), py = (int)((y + 0.5) * image.Height / HeightDots);
            lum[y, x] = image.Luminance(px, py);
            darkest = Math.Min(darkest, lum[y, x]);
            lightest = Math.Max(lightest, lum[y, x]);
        }
        Assert.That(lightest - darkest, Is.GreaterThan(40), "the LCD shows no dark dots at all");
        var lit = new bool[HeightDots, WidthDots];
        for (int y = 0; y < HeightDots; y++)
        for (int x = 0; x < WidthDots; x++)
            lit[y, x] = lum[y, x] < (darkest + lightest) / 2;
        return lit;
    }

    /// <summary>The cells of <paramref name="row"/> show <paramref name="text"/> in the HD44780's A00 font.</summary>
    private static void AssertCellsShow(bool[,] lit, int row, string text)
    {
        for (int column = 0; column < text.Length; column++)
        for (int dotRow = 0; dotRow < FontA00.Height; dotRow++)
        for (int dot = 0; dot < FontA00.Width; dot++)
        {
            bool expected = (FontA00.Row((byte)text[column], dotRow) >> (FontA00.Width - 1 - dot) & 1) != 0;
            int x = BorderDots + column * (FontA00.Width + 1) + dot, y = BorderDots + row * (FontA00.Height + 1) + dotRow;
            Assert.That(lit[y, x], Is.EqualTo(expected), $"row {row + 1} column {column + 1} ('{text[column]}') dot row {dotRow} dot {dot}");
        }
    }
}
