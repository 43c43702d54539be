using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Host.Emulation;

namespace Calendar51.Tests.Emulate;

public class EmulationSessionTests
{
    private static EmulationOptions Options(string program, EmulationSpeed speed, DateTime? time = null, string? battery = null) =>
        new(TestPrograms.Hex(program), "prechin-a2", time, speed, battery);

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

    [Test]
    public void ThePowerButtonRestartsTheBoardThroughItsPowerOnWhileVirtualTimeGoesOn()
    {
        var board = EmulationSetup.PowerOn(Options("keys_lcd", EmulationSpeed.RealTime), DateTime.Now, DateTime.UtcNow);
        using var session = new EmulationSession(board, EmulationSpeed.RealTime);
        session.Start();
        WaitFor(session, s => s.LcdLines.FirstOrDefault()?.StartsWith("KEYS ----") == true, TimeSpan.FromSeconds(5), "the key tester's first screen");
        session.Press("K4");
        WaitFor(session, s => s.LcdLines[0].StartsWith("KEYS ---4"), TimeSpan.FromSeconds(5), "K4 held");
        session.Release("K4");
        var counted = WaitFor(session, s => s.LcdLines[1].StartsWith("N 00 00 00 01"), TimeSpan.FromSeconds(5), "one K4 press counted");

        session.PowerCycle();
        var restarted = WaitFor(session, s => s.LcdLines[1].StartsWith("N 00 00 00 00"), TimeSpan.FromSeconds(5), "the program started again");
        Assert.That(restarted.VirtualTime, Is.GreaterThan(counted.VirtualTime + EmulationSession.PowerOffTime), "virtual time counts on through the power cycle");
        Assert.That(session.Board, Is.Not.SameAs(board));
        Assert.That(session.Board.PowerCycles, Is.EqualTo(1));
    }

    [TestCase(1.0)]
    [TestCase(0.5)]
    public void VirtualTimeFollowsTheHostClockAtTheAskedSpeed(double factor)
    {
        var speed = new EmulationSpeed(factor);
        var board = EmulationSetup.PowerOn(Options("keys_lcd", speed), DateTime.Now, DateTime.UtcNow);
        using var session = new EmulationSession(board, speed);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        session.Start();
        Thread.Sleep(1500);
        var snapshot = session.Latest;
        double hostSeconds = watch.Elapsed.TotalSeconds;
        session.Stop();
        Assert.That(snapshot.VirtualTime.TotalSeconds / hostSeconds, Is.EqualTo(factor).Within(15).Percent);
        Assert.That(snapshot.AchievedSpeed, Is.EqualTo(factor).Within(15).Percent);
    }

    [Test]
    public void MaxSpeedRunsFasterThanRealTimeAndSpeedCanChangeWhileRunning()
    {
        var board = EmulationSetup.PowerOn(Options("keys_lcd", EmulationSpeed.Max), DateTime.Now, DateTime.UtcNow);
        using var session = new EmulationSession(board, EmulationSpeed.Max);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        session.Start();
        Thread.Sleep(2500);
        // Even a debug build, JIT warm-up included, runs a polling loop on a 12 MHz 8051 faster than real time.
        Assert.That(session.Latest.VirtualTime.TotalSeconds / watch.Elapsed.TotalSeconds, Is.GreaterThan(1.5));
        session.Speed = EmulationSpeed.RealTime;
        Thread.Sleep(1300);
        Assert.That(session.Latest.AchievedSpeed, Is.EqualTo(1).Within(0.2));
        Assert.That(session.Latest.TargetSpeed, Is.EqualTo(EmulationSpeed.RealTime));
    }

    [Test]
    public void TheBatteryFileKeepsTheClockRunningWhileTheEmulatorIsOffAndTimeOverridesIt()
    {
        string battery = Path.Combine(Path.GetTempPath(), $"calendar51-battery-{Guid.NewGuid():N}.txt");
        try
        {
            var saved = new DateTime(2030, 12, 31, 23, 30, 0);
            var first = EmulationSetup.PowerOn(Options("keys_lcd", EmulationSpeed.RealTime, time: saved), DateTime.Now, DateTime.UtcNow);
            first.RunFor(TimeSpan.FromSeconds(2));
            EmulationSetup.SaveBattery(first, battery);
            var savedAt = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(battery, savedAt);

            // Off for 45 minutes: the coin cell ran the clock across midnight into the new year.
            var second = EmulationSetup.PowerOn(Options("keys_lcd", EmulationSpeed.RealTime, battery: battery), DateTime.Now, savedAt.AddMinutes(45));
            Assert.That(second.Rtc!.GetDateTime(0), Is.EqualTo(new DateTime(2031, 1, 1, 0, 15, 2)));

            var overridden = EmulationSetup.PowerOn(Options("keys_lcd", EmulationSpeed.RealTime, time: new DateTime(2040, 6, 1, 8, 0, 0), battery: battery),
                DateTime.Now, savedAt.AddMinutes(45));
            Assert.That(overridden.Rtc!.GetDateTime(0), Is.EqualTo(new DateTime(2040, 6, 1, 8, 0, 0)));
        }
        finally
        {
            File.Delete(battery);
        }
    }
}
