using Calendar51.Emulator.Board;
using System.IO.Ports;
using Calendar51.Host;
using Calendar51.Host.Emulation;

namespace Calendar51.Tests.Emulate;

/// <summary><c>calendar51 emulate</c> as a user runs it: a child process with the plain view, a terminal, a pty.</summary>
public class EmulateCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public void WithoutArgumentsItRunsTheBundledFirmware()
    {
        Assert.That(FirmwareImage.DefaultPath(), Is.Not.Null, "firmware/dist/calendar51.hex is missing: build the firmware (see firmware/README.md)");
        // The bundled firmware starts on the default board at the host's time, and K4 changes the view.
        var started = DateTime.Now;
        using var emulator = EmulatorProcess.StartEmulate("--speed", "1");
        // Either date, should the test run across midnight.
        emulator.WaitForOutput($@"lcd 1 \|({started:yyyy-MM-dd}|{started.AddSeconds(Timeout.TotalSeconds):yyyy-MM-dd}) ", Timeout);
        emulator.Send("4\n");
        // The temperature view, which only K4 shows: the DS18B20's reading in place of the lunar date
        // (a blank or half-drawn line would not do).
        emulator.WaitForOutput(@"lcd 2 \|\d\d:\d\d:\d\d.*[+-]\d{1,2}\.\dC\|", Timeout);
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero);
    }

    [Test]
    public void TheEndOfInputQuitsAndAQuitAtOnceStillShowsAFrame()
    {
        using (var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("keys_lcd")))
        {
            emulator.CloseInput();
            Assert.That(emulator.WaitForExit(Timeout), Is.Zero);
        }
        using (var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("keys_lcd")))
        {
            emulator.Send("q\n");
            Assert.That(emulator.WaitForExit(Timeout), Is.Zero);
            Assert.That(emulator.Output, Does.Match(@"lcd 1 \|KEYS ----"));
        }
    }

    [Test]
    public void ThePlainViewNeverPrintsAHalfWrittenFrame()
    {
        // Fast-forward prints many frames, each snapshot taken wherever the emulation happens to be:
        // every one printed must be whole (later than the last, on the main screen).
        using var emulator = EmulatorProcess.StartEmulate("--time", "2030-01-01T00:00:00", "--speed", "20");
        emulator.WaitForOutput(@"lcd 2 \|00:00:4\d", Timeout);
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero);
        var times = System.Text.RegularExpressions.Regex.Matches(emulator.Output, @"lcd 2 \|(.{16})\|").Select(m => m.Groups[1].Value)
            .Where(line => line.Trim().Length > 0).ToList(); // a blank screen before the firmware draws is whole too
        Assert.That(times, Has.Count.GreaterThan(5));
        foreach (var line in times) Assert.That(line, Does.Match(@"^00:00:\d\d  L\d\d-\d\d$"), emulator.Output);
        var seconds = times.Select(t => int.Parse(t[6..8])).ToList();
        Assert.That(seconds.Zip(seconds.Skip(1)).All(p => p.Second > p.First), Is.True, emulator.Output);
    }

    [Test]
    public void BadArgumentsNameWhatIsWrong()
    {
        var stderr = new StringWriter();
        Assert.That(Cli.Run(["emulate", "/nonexistent/x.hex"], new StringWriter(), stderr), Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("/nonexistent/x.hex"));
        stderr = new StringWriter();
        Assert.That(Cli.Run(["emulate", TestPrograms.Hex("keys_lcd"), "--speed", "fast"], new StringWriter(), stderr), Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("--speed"));
        stderr = new StringWriter();
        Assert.That(Cli.Run(["emulate", TestPrograms.Hex("keys_lcd"), "--time", "2024-13-01T00:00:00"], new StringWriter(), stderr), Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("--time"));
        stderr = new StringWriter();
        Assert.That(Cli.Run(["emulate", TestPrograms.Hex("keys_lcd"), "--serial", "com1"], new StringWriter(), stderr), Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("--serial"));
    }

    [Test]
    public void PlainViewPrintsLcdChangesTakesKeysFromStdinAndSavesTheBattery()
    {
        string battery = Path.Combine(Path.GetTempPath(), $"calendar51-battery-{Guid.NewGuid():N}.txt");
        try
        {
            using (var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("keys_lcd"), "--time", "2031-05-06T07:08:09", "--battery", battery))
            {
                emulator.WaitForOutput(@"lcd 1 \|KEYS ----", Timeout);
                emulator.Send("4\n");
                emulator.WaitForOutput(@"lcd 1 \|KEYS ---4", Timeout);
                emulator.WaitForOutput(@"lcd 2 \|N 00 00 00 01", Timeout);
                emulator.Send("q\n");
                Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
            }
            var saved = Calendar51.Emulator.Chips.Ds1302Battery.Load(battery);
            // clock registers: seconds, minutes, hours, date, month, day, year (BCD); a few seconds ran.
            Assert.That(saved.ClockRegisters[1..7], Is.EqualTo(new byte[] { 0x08, 0x07, 0x06, 0x05, 0x02, 0x31 }));
            Assert.That(saved.ClockRegisters[0], Is.InRange(0x09, 0x30));
        }
        finally
        {
            File.Delete(battery);
        }
    }

    [Test]
    public void TerminalViewUnderAPseudoTerminalShowsTheLcdAndKeyOneHoldsK1()
    {
        string command = $"dotnet {EmulatorProcess.CalendarDll} emulate {TestPrograms.Hex("keys_lcd")}";
        using var terminal = EmulatorProcess.StartInTerminal(command);
        terminal.WaitForOutput(@"│KEYS ----\s*│", Timeout, stripAnsi: true);
        terminal.WaitForOutput(@"\[1\] K1 set", Timeout, stripAnsi: true);
        terminal.Send("1");
        terminal.WaitForOutput(@"│KEYS 1---\s*│", Timeout, stripAnsi: true);
        terminal.WaitForOutput(@"│N 01 00 00 00\s*│", Timeout, stripAnsi: true);
        // No key-up from a terminal: the button lets go half a second after the last key event.
        terminal.WaitForOutput(@"│N 01 00 00 00\s*│[\s\S]*│KEYS ----\s*│", Timeout, stripAnsi: true);
        // p is the power button: the program starts again from reset, its count back at zero.
        terminal.WaitForOutput(@"\[p\] power off/on", Timeout, stripAnsi: true);
        terminal.Send("p");
        terminal.WaitForOutput(@"│N 01 00 00 00\s*│[\s\S]*│N 00 00 00 00\s*│", Timeout, stripAnsi: true);
        terminal.Send("q");
        Assert.That(terminal.WaitForExit(Timeout), Is.Zero, terminal.Output);
    }

    [Test]
    public void SerialPtyAnswersTimeQueriesThroughSystemIoPorts()
    {
        using var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("serial_time"), "--time", "2031-05-06T07:08:09", "--serial", "pty");
        string path = emulator.WaitForOutput(@"serial: (/dev/pts/\d+) at 4800 baud", Timeout).Groups[1].Value;
        using var port = new SerialPort(path, 4800, Parity.None, 8, StopBits.One) { ReadTimeout = 1000, NewLine = "\r\n" };
        port.Open();
        // Bytes that reach the board before the program has set up its UART are lost, as on a real
        // board: ask again (after a line end that resynchronises it) until an answer comes.
        string line = "";
        var deadline = DateTime.UtcNow + Timeout;
        while (!line.Contains("T=") && DateTime.UtcNow < deadline)
        {
            port.Write("\r\nT?\r\n");
            try
            {
                do line = port.ReadLine(); while (!line.Contains("T="));
            }
            catch (TimeoutException)
            {
                // no answer yet: ask again
            }
        }
        Assert.That(line, Does.Contain("T="), $"no T= answer from {path}\n{emulator.Output}\n{emulator.Errors}");
        Assert.That(line, Does.Match(@"T=2031-05-06 07:08:(09|1\d) 2$"));
        port.Close();
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
    }

    [Test]
    public void SerialTcpCarriesTheSameBytes()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("serial_time"), "--time", "2031-05-06T07:08:09", "--serial", $"tcp:127.0.0.1:{port}");
        emulator.WaitForOutput($@"serial: tcp:127\.0\.0\.1:{port} at 4800 baud", Timeout);
        using var client = new System.Net.Sockets.TcpClient();
        client.Connect(System.Net.IPAddress.Loopback, port);
        var stream = client.GetStream();
        stream.ReadTimeout = 1000;
        var received = new System.Text.StringBuilder();
        var buffer = new byte[64];
        var answer = new System.Text.RegularExpressions.Regex(@"T=2031-05-06 07:08:(09|1\d) 2\r\n");
        var deadline = DateTime.UtcNow + Timeout;
        // As with the pty: ask again until the program's UART is up and answers.
        while (!answer.IsMatch(received.ToString()) && DateTime.UtcNow < deadline)
        {
            stream.Write("\r\nT?\r\n"u8);
            try
            {
                while (!answer.IsMatch(received.ToString()))
                {
                    int count = stream.Read(buffer);
                    Assert.That(count, Is.Positive, "the connection closed; so far: " + received);
                    received.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, count));
                }
            }
            catch (IOException)
            {
                // read timed out: ask again
            }
        }
        Assert.That(received.ToString(), Does.Match(@"T=2031-05-06 07:08:(09|1\d) 2\r\n"));
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
    }

    [Test]
    public void TheClockFirmwareAnswersTimeQueriesOnThePty()
    {
        string? firmware = FirmwareImage.DefaultPath();
        Assert.That(firmware, Is.Not.Null, "firmware/dist/calendar51.hex is missing: build the firmware (see firmware/README.md)");
        using var emulator = EmulatorProcess.StartEmulate(firmware!, "--time", "2028-02-28T23:59:55", "--serial", "pty");
        string path = emulator.WaitForOutput(@"serial: (/dev/pts/\d+) at 4800 baud", Timeout).Groups[1].Value;
        using var port = new SerialPort(path, 4800, Parity.None, 8, StopBits.One) { ReadTimeout = 1000, NewLine = "\r\n" };
        port.Open();
        string line = "";
        var deadline = DateTime.UtcNow + Timeout;
        while (!line.StartsWith("T=", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            port.Write("\r\nT?\r\n");
            try
            {
                do line = port.ReadLine(); while (!line.StartsWith("T=", StringComparison.Ordinal));
            }
            catch (TimeoutException)
            {
                // the firmware is still starting: ask again
            }
        }
        Assert.That(line, Does.Match(@"^T=(2028-02-28 23:59:5\d|2028-02-29 00:00:\d\d) \d$"), emulator.Output);
        port.Close();
        emulator.Send("q\n");
        Assert.That(emulator.WaitForExit(Timeout), Is.Zero, emulator.Errors);
    }
}
