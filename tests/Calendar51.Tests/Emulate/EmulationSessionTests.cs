using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Host.Emulation;

namespace Calendar51.Tests.Emulate;

public class EmulationSessionTests
{
    private static EmulationOptions Options(string program, EmulationSpeed speed, DateTime? time = null, string? battery = null) =>
        new(BoardPrograms.Hex(program), "prechin-a2", time, speed, battery);

    private static EmulationSnapshot WaitFor(EmulationSession session, Func<EmulationSnapshot, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = session.Latest;
            if (condition(snapshot)) return snapshot;
            Assert.That(session.Fault, Is.Null, "emulation thread failed");
            Thread.Sleep(10);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds} s waiting for {what}; LCD: {string.Join(" / ", session.Latest.LcdLines)}");
        return session.Latest;
    }

    [Test]
    public void KeyPressesFromAnotherThreadReachTheFirmware()
    {
        var board = EmulationSetup.PowerOn(Options("keys_lcd", EmulationSpeed.RealTime), DateTime.Now, DateTime.UtcNow);
        using var session = new EmulationSession(board, EmulationSpeed.RealTime);
        session.Start();
        WaitFor(session, s => s.LcdLines.FirstOrDefault()?.StartsWith("KEYS ----") == true, TimeSpan.FromSeconds(5), "the key tester's first screen");
        session.Press("K4");
        WaitFor(session, s => s.LcdLines[0].StartsWith("KEYS ---4") && s.HeldKeys.Contains("K4"), TimeSpan.FromSeconds(5), "K4 shown as held");
        session.Release("K4");
        var released = WaitFor(session, s => s.LcdLines[0].StartsWith("KEYS ----"), TimeSpan.FromSeconds(5), "K4 released");
        Assert.That(released.LcdLines[1], Does.StartWith("N 00 00 00 01"));
    }
}
