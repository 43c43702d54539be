using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Host.Emulation;
using Calendar51.Host.Emulation.Serial;

namespace Calendar51.Tests.Emulate;

public class EmulationLogicTests
{
    [TestCase("1", 1.0)]
    [TestCase("60", 60.0)]
    [TestCase("0.5", 0.5)]
    [TestCase("10x", 10.0)]
    public void SpeedFactors(string text, double factor)
    {
        Assert.That(EmulationSpeed.TryParse(text, out var speed, out _), Is.True);
        Assert.That(speed.Factor, Is.EqualTo(factor));
        Assert.That(speed.IsMax, Is.False);
    }

    [Test]
    public void SpeedMaxAndNonsense()
    {
        Assert.That(EmulationSpeed.TryParse("max", out var max, out _) && max.IsMax, Is.True);
        foreach (var bad in new[] { "0", "-1", "fast", "", "NaN", "1e9" })
        {
            Assert.That(EmulationSpeed.TryParse(bad, out _, out var error), Is.False, bad);
            Assert.That(error, Does.Contain(bad));
        }
    }

    [Test]
    public void TerminalKeyRepeatsHoldTheButtonUntilTheyStop()
    {
        var holds = new KeyHoldTracker(TimeSpan.FromMilliseconds(500));
        Assert.That(holds.KeyEvent("K2", TimeSpan.FromMilliseconds(0)), Is.True, "first event presses");
        Assert.That(holds.Expire(TimeSpan.FromMilliseconds(400)), Is.Empty);
        Assert.That(holds.KeyEvent("K2", TimeSpan.FromMilliseconds(450)), Is.False, "a repeat keeps it held");
        Assert.That(holds.Expire(TimeSpan.FromMilliseconds(900)), Is.Empty);
        Assert.That(holds.Expire(TimeSpan.FromMilliseconds(950)), Is.EqualTo(new[] { "K2" }));
        Assert.That(holds.Held, Is.Empty);
        Assert.That(holds.KeyEvent("K2", TimeSpan.FromMilliseconds(1000)), Is.True, "pressed again after the release");
        Assert.That(holds.ReleaseAll(), Is.EqualTo(new[] { "K2" }));
    }

    [Test]
    public void SerialEndpoints()
    {
        Assert.That(SerialEndpoint.TryParse("pty", out var pty, out _) && pty.IsPty, Is.True);
        Assert.That(SerialEndpoint.TryParse("tcp:127.0.0.1:5100", out var tcp, out _), Is.True);
        Assert.That(tcp.Tcp!.ToString(), Is.EqualTo("127.0.0.1:5100"));
        foreach (var bad in new[] { "tcp:localhost:5100", "tcp:127.0.0.1", "tcp:127.0.0.1:0", "tcp:127.0.0.1:70000", "com3" })
            Assert.That(SerialEndpoint.TryParse(bad, out _, out var error) || !error.Contains(bad), Is.False, bad);
    }

    [Test]
    public void TimeOption()
    {
        var now = new DateTime(2030, 1, 2, 3, 4, 5);
        Assert.That(EmulationSetup.TryParseTime("now", now, out var time, out _) && time == now, Is.True);
        Assert.That(EmulationSetup.TryParseTime("2028-02-28T23:59:55", now, out time, out _), Is.True);
        Assert.That(time, Is.EqualTo(new DateTime(2028, 2, 28, 23, 59, 55)));
        Assert.That(EmulationSetup.TryParseTime("1999-12-31T23:59:59", now, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("2000–2099"));
        Assert.That(EmulationSetup.TryParseTime("2028-02-30T00:00:00", now, out _, out error), Is.False);
    }

    [Test]
    public void CustomCharactersAreDrawnAsTheirDots()
    {
        var cgram = new byte[64];
        byte[] bell = [0x04, 0x0E, 0x0E, 0x0E, 0x1F, 0x00, 0x04, 0x00];
        bell.CopyTo(cgram, 2 * 8);
        var codes = Enumerable.Repeat((byte)' ', 32).ToArray();
        codes[15] = 0x02;
        var panel = new LcdPanel(16, 2, codes, cgram, true, false, false, false, -1, -1);
        var lines = TerminalFrame.CustomCharacters(panel);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "custom: ③    ",
            "        ·▄█▄·",
            "        ·███·",
            "        ▀▀▀▀▀",
            "        ··▀··",
        }));
    }
}
