using Calendar51.Host;
using Calendar51.Host.Serial;
using Calendar51.Host.Stc;

namespace Calendar51.Tests.Flashing;

/// <summary>
/// `calendar51 flash` end to end over a real pseudo-terminal pair (8N1 only: ptys reject parity): the CLI
/// opens one end with System.IO.Ports, the fake classic bootloader serves the other end.
/// </summary>
[NonParallelizable]
public class PtyEndToEndTests
{
    [Test, CancelAfter(20_000)]
    public void FlashesAHexFileThroughAPtyPair()
    {
        using var ptys = SocatPtyPair.Start();
        var chip = FlashHarness.ClassicChip();
        chip.PowerOnAt = TimeSpan.Zero;
        chip.IgnoreLineFormat = true;
        var code = FlashHarness.SampleCode(700);
        var hexPath = Path.Combine(Path.GetTempPath(), $"calendar51-pty-{Guid.NewGuid():N}.hex");
        File.WriteAllLines(hexPath, ToIntelHex(code));
        using var device = SystemSerialTransport.Open(ptys.Second, 2400, LineParity.None);
        using var stop = new CancellationTokenSource();
        var pump = Task.Run(() => Pump(device, chip, stop.Token));
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = Cli.Run(["flash", hexPath, "--port", ptys.First, "--wait", "10", "--reset", "dtr", "--debug"], stdout, stderr);

            Assert.That(exit, Is.EqualTo(0), $"{stdout}\n{stderr}");
            Assert.That(chip.Flash.Take(code.Length), Is.EqualTo(code));
            // flash exits as soon as it has written the reset command; the pump may still be carrying it over.
            Assert.That(() => { lock (chip) return chip.ResetIntoUserCode; }, Is.True.After(2000, 20));
            Assert.That(stdout.ToString(), Does.Contain("cannot drive DTR; power-cycle the board by hand"));
            Assert.That(stdout.ToString(), Does.Contain("-> 46 B9 6A 00 0C 8F").And.Contain("<- 46 B9 68 00 07 80"));
            Assert.That(stdout.ToString(), Does.Contain("Done: 700 bytes"));
        }
        finally
        {
            stop.Cancel();
            pump.Wait(2000);
            File.Delete(hexPath);
        }
    }

    /// <summary>Moves bytes between the pty and an in-process fake device until stopped.</summary>
    internal static void Pump(ISerialTransport device, ISerialTransport chip, CancellationToken stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = device.Read(buffer, TimeSpan.FromMilliseconds(5), stop);
                if (received > 0)
                {
                    lock (chip)
                    {
                        chip.Write(buffer.AsSpan(0, received));
                    }
                }
                int reply;
                lock (chip)
                {
                    reply = chip.Read(buffer, TimeSpan.Zero, stop);
                }
                if (reply > 0)
                {
                    device.Write(buffer.AsSpan(0, reply));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the test.
        }
    }

    /// <summary>Writes an image as 16-byte Intel HEX data records and an end record.</summary>
    public static IEnumerable<string> ToIntelHex(byte[] code)
    {
        for (var address = 0; address < code.Length; address += 16)
        {
            var chunk = code.AsSpan(address, Math.Min(16, code.Length - address)).ToArray();
            byte[] record = [(byte)chunk.Length, (byte)(address >> 8), (byte)address, 0x00, .. chunk];
            yield return $":{Convert.ToHexString(record)}{(byte)-StcChecksum.Sum8(record):X2}";
        }
        yield return ":00000001FF";
    }
}
