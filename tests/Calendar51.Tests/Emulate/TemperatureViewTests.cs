using Calendar51.Emulator.Board;
using Microsoft.Playwright;

namespace Calendar51.Tests.Emulate;

/// <summary>
/// The DS18B20's temperature set from the views while the bundled clock firmware runs: the web
/// view's slider (in Debian's headless Chromium, as in <see cref="WebViewTests"/>) and "pulled out"
/// box, and the terminal view's +/- keys.
/// </summary>
public class TemperatureViewTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string Firmware()
    {
        string? firmware = FirmwareImage.DefaultPath();
        Assert.That(firmware, Is.Not.Null, "firmware/dist/calendar51.hex is missing: build the firmware (see firmware/README.md)");
        return firmware!;
    }

    [Test]
    public async Task TheWebSliderMovesTheTemperatureOnTheClock()
    {
        using var emulator = EmulatorProcess.StartEmulate(Firmware(), "--time", "2030-06-15T10:55:00", "--web", "--port", "0");
        string url = emulator.WaitForOutput(@"web view: (http://127\.0\.0\.1:\d+/)", Timeout).Groups[1].Value;

        await using var chromium = await HeadlessChromium.Open(url, Timeout);
        var page = chromium.Page;

        await WaitForLcdText(page, "2030-06-15");
        // K4 with the mouse: the main screen with the temperature (the board file's 25 °C)
        await page.Locator("#key-K4").HoverAsync();
        await page.Mouse.DownAsync();
        await Task.Delay(200);
        await page.Mouse.UpAsync();
        await WaitForLcdText(page, "+25.0C");
        Assert.That(await page.InputValueAsync("#temperature-temp"), Is.EqualTo("25"), "the slider starts at the board's temperature");

        await MoveSlider(page, "23.5");
        await WaitForLcdText(page, "+23.5C");
        await MoveSlider(page, "-10");
        await WaitForLcdText(page, "-10.0C");
        Assert.That(await page.InputValueAsync("#temperature-temp"), Is.EqualTo("-10"), "the slider stays where it was put");

        // States sent before the emulator applied a change must not flip the box back.
        await page.CheckAsync("#pulled-temp");
        await WaitForLcdText(page, "--.-C");
        Assert.That(await page.IsCheckedAsync("#pulled-temp"), Is.True);
        await page.UncheckAsync("#pulled-temp");
        await WaitForLcdText(page, "-10.0C");
        Assert.That(await page.IsCheckedAsync("#pulled-temp"), Is.False);
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
    }

    /// <summary>Sets the range input as a drag would end: value, input, change.</summary>
    private static Task MoveSlider(IPage page, string value) =>
        page.EvaluateAsync(@"value => {
            const slider = document.getElementById('temperature-temp');
            slider.value = value;
            slider.dispatchEvent(new Event('input'));
            slider.dispatchEvent(new Event('change'));
        }", value);

    private static async Task WaitForLcdText(IPage page, string text)
    {
        await page.WaitForFunctionAsync("text => document.getElementById('lcd-text').textContent.includes(text)", text,
            new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds });
    }

    [Test]
    public void TerminalPlusAndMinusKeysWarmAndCoolTheSensor()
    {
        string command = $"dotnet {EmulatorProcess.CalendarDll} emulate {Firmware()} --time 2030-06-15T10:55:00";
        using var terminal = EmulatorProcess.StartInTerminal(command, columns: 120);
        terminal.WaitForOutput(@"DS18B20: temp 25\.0 °C  \[\+\]/\[-\] temp ±0\.5 °C", Timeout, stripAnsi: true);
        terminal.Send("+");
        terminal.WaitForOutput(@"DS18B20: temp 25\.5 °C", Timeout, stripAnsi: true);
        terminal.Send("-");
        terminal.Send("-");
        terminal.WaitForOutput(@"DS18B20: temp 24\.5 °C", Timeout, stripAnsi: true);
        // the clock shows it in its temperature view (K4)
        terminal.Send("4");
        terminal.WaitForOutput(@"│10:55:\d\d  \+24\.5C│", Timeout, stripAnsi: true);
        terminal.Send("q");
        Assert.That(terminal.WaitForExit(Timeout), Is.Zero, terminal.Output);
    }
}
