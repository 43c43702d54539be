using Calendar51.Emulator;
using Calendar51.Emulator.Hex;
using System.CommandLine;
using Calendar51.Host.ArduinoIsp;
using Calendar51.Host.Serial;
using Calendar51.Host.Stc;

namespace Calendar51.Host.Commands;

/// <summary>
/// `calendar51 flash FILE.hex --port PORT`: programs an STC89/90 board through its ISP bootloader, or with
/// `--programmer arduino-isp` an AT89S51/52 over SPI through an Arduino running the ArduinoISP sketch.
/// </summary>
public static class FlashCommand
{
    public const string Description = """
        Program an STC89/STC90 board (e.g. STC89C52RC) from an Intel HEX file through the chip's serial ISP bootloader.
        Both STC89 bootloaders are supported and told apart by the chip's status packet: classic BSL 4.x/6.x
        (8N1, 8-bit checksum) and BSL 7.x parts sold as "STC89C52" (8E1, 16-bit checksum). Other STC families
        are recognised and refused by name.

        Run the command, then switch the board off and on (the bootloader only starts after a power-on reset),
        or let --reset cut power through DTR/RTS if the board has a power switch on that line.

        Exit codes:
          0  done: image written, every block checksum-verified, chip reset into the new firmware
          1  protocol or serial error; the message says what was written (nothing, erased only, or up to
             address N) and how to recover (power-cycle and flash again: the bootloader cannot be overwritten)
          2  cancelled (Ctrl-C)
          3  bad input: unreadable/invalid HEX file, image larger than the chip's flash, bad options

        AT89S51/AT89S52 (programmed over SPI, not through a bootloader): --programmer arduino-isp, with an Arduino
        running the stock ArduinoISP sketch (File > Examples > 11.ArduinoISP) as the programmer, at 19200 baud:
          Arduino pin 10 -> AT89S RST (pin 9)     Arduino pin 11 -> P1.5 / MOSI (pin 6)
          Arduino pin 12 <- P1.6 / MISO (pin 7)   Arduino pin 13 -> P1.7 / SCK (pin 8)
          Arduino GND    -- board GND             the board powered, its own crystal fitted and running
        The image is erased, written byte by byte and every byte read back; --part at89s51|at89s52 checks the
        chip's signature against the part you expect, --lock 2|3|4 sets the lock mode after a good verify, and
        --force with --part erases a chip whose signature a lock mode 3/4 hides. Opening the port resets the
        Arduino; the flasher waits for it to boot. AT89C51/AT89C52 (no "S") need a parallel (12 V) programmer
        such as a TL866/T48; no serial tool can program them.
        """;

    public static Command Create(Func<TextWriter, SerialEnvironment>? environment = null)
    {
        var file = new Argument<string>("file") { Description = "Intel HEX file to program" };
        var port = new Option<string>("--port", "-p") { Description = "Serial port (e.g. /dev/ttyUSB0, COM3)" };
        var baud = new Option<int>("--baud", "-b") { Description = "Highest transfer baud rate to try", DefaultValueFactory = _ => 115200 };
        var handshake = new Option<int>("--handshake-baud") { Description = "Baud rate for the sync pulses and status packet (1200 helps some USB-UARTs)", DefaultValueFactory = _ => 2400 };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the chip after asking for a power cycle", DefaultValueFactory = _ => 30 };
        var reset = new Option<string?>("--reset") { Description = "Power-cycle through a modem line: dtr, rts, dtr-inverted or rts-inverted (dtr: asserted = power off)" };
        var debug = new Option<bool>("--debug") { Description = "Print every frame as '-> 46 B9 6A …' / '<- 46 B9 68 …'" };
        var force = new Option<bool>("--force") { Description = "Allow option changes that can lock the board out of ISP (bsl-pindetect=on)" };
        var options = new Option<string[]>("--option", "-o")
        {
            Description = "Change an option-byte bit: NAME=on|off; names: " + string.Join(", ", Stc89OptionByte.Options.Keys) +
                          ". Without it the chip's option byte is kept.",
        };

        var programmer = new Option<string>("--programmer")
        {
            Description = "stc (the STC89 serial bootloader) or arduino-isp (AT89S51/52 through an Arduino running ArduinoISP)",
            DefaultValueFactory = _ => StcProgrammer,
        };
        var part = new Option<string?>("--part") { Description = "With arduino-isp: at89s51 or at89s52, checked against the chip's signature" };
        var lockMode = new Option<int?>("--lock") { Description = "With arduino-isp: lock mode 2, 3 or 4 to set after the verify (datasheet lock bit modes)" };

        var command = new Command("flash", Description) { file, port, baud, handshake, wait, reset, debug, force, options, programmer, part, lockMode };
        command.Action = new ExitCodeAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var env = (environment ?? SerialEnvironment.Real)(stdout);
            var chosen = parseResult.GetValue(programmer)!;
            if (chosen.Equals(ArduinoIspProgrammer, StringComparison.OrdinalIgnoreCase))
            {
                string[] stcOnly = [.. new Option[] { handshake, wait, reset, options }
                    .Where(o => parseResult.GetResult(o) is { Implicit: false }).Select(o => o.Name)];
                var explicitBaud = parseResult.GetResult(baud) is { Implicit: false };
                return RunArduinoIsp(new IspArguments(
                    parseResult.GetValue(file)!,
                    parseResult.GetValue(port),
                    explicitBaud ? parseResult.GetValue(baud) : ArduinoIspBaud,
                    parseResult.GetValue(part),
                    parseResult.GetValue(lockMode),
                    parseResult.GetValue(force),
                    parseResult.GetValue(debug),
                    stcOnly), env, stdout, stderr);
            }
            if (!chosen.Equals(StcProgrammer, StringComparison.OrdinalIgnoreCase))
            {
                stderr.WriteLine($"error: --programmer '{chosen}' is not one of {StcProgrammer}, {ArduinoIspProgrammer}");
                return (int)FlashExitCode.BadInput;
            }
            string[] ispOnly = [.. new Option[] { part, lockMode }.Where(o => parseResult.GetResult(o) is { Implicit: false }).Select(o => o.Name)];
            if (ispOnly.Length > 0)
            {
                stderr.WriteLine($"error: {string.Join(", ", ispOnly)} only apply with --programmer {ArduinoIspProgrammer} (an STC chip names itself)");
                return (int)FlashExitCode.BadInput;
            }
            return Run(new Arguments(
                parseResult.GetValue(file)!,
                parseResult.GetValue(port),
                parseResult.GetValue(baud),
                parseResult.GetValue(handshake),
                parseResult.GetValue(wait),
                parseResult.GetValue(reset),
                parseResult.GetValue(debug),
                parseResult.GetValue(force),
                parseResult.GetValue(options) ?? []), env, stdout, stderr);
        }, (int)FlashExitCode.BadInput);
        return command;
    }

    public const string StcProgrammer = "stc";
    public const string ArduinoIspProgrammer = "arduino-isp";

    /// <summary>The rate the stock ArduinoISP sketch opens its serial port at.</summary>
    public const int ArduinoIspBaud = 19200;

    private sealed record IspArguments(
        string File, string? Port, int Baud, string? Part, int? Lock, bool Force, bool Debug, string[] StcOnlyOptions);

    private static int RunArduinoIsp(IspArguments args, SerialEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        ArduinoIspRequest request;
        try
        {
            request = BuildIspRequest(args);
        }
        catch (FlashInputException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return (int)FlashExitCode.BadInput;
        }
        ISerialTransport transport;
        try
        {
            transport = env.OpenPort(args.Port!, args.Baud, LineParity.None);
        }
        catch (SerialTransportException e)
        {
            stderr.WriteLine($"error: {e.Message}. Nothing was written to the chip.");
            return (int)FlashExitCode.Failed;
        }
        using (transport)
        {
            var reporter = new ConsoleFlashReporter(stdout, env.OutputIsTerminal, args.Debug);
            reporter.Info($"Image: {args.File}, {request.Code.Length} bytes.");
            var result = new ArduinoIspFlasher(transport, env.Time, reporter).Run(request, env.Cancellation);
            (result.ExitCode == FlashExitCode.Done ? stdout : stderr).WriteLine(result.Message);
            return (int)result.ExitCode;
        }
    }

    private static ArduinoIspRequest BuildIspRequest(IspArguments args)
    {
        if (string.IsNullOrWhiteSpace(args.Port))
        {
            throw new FlashInputException("--port is required (the Arduino's port, e.g. --port /dev/ttyACM0 or COM4)");
        }
        if (args.StcOnlyOptions.Length > 0)
        {
            throw new FlashInputException($"{string.Join(", ", args.StcOnlyOptions)} only apply to STC chips, not with --programmer {ArduinoIspProgrammer}");
        }
        if (args.Baud < 1200)
        {
            throw new FlashInputException($"--baud {args.Baud} is below 1200 (the ArduinoISP sketch talks at {ArduinoIspBaud})");
        }
        At89sPart? part = null;
        if (args.Part is not null)
        {
            part = At89sPart.FromName(args.Part)
                ?? throw new FlashInputException($"--part '{args.Part}' is not one of {string.Join(", ", At89sPart.All.Select(p => p.Name.ToLowerInvariant()))}");
        }
        At89sLockMode? lockMode = null;
        if (args.Lock is { } mode)
        {
            lockMode = mode is >= 1 and <= 4
                ? (At89sLockMode)mode
                : throw new FlashInputException($"--lock {mode} is not a lock mode: 1 (none), 2, 3 or 4");
        }
        if (args.Force && part is null)
        {
            throw new FlashInputException("--force erases a chip whose signature cannot be read, so it needs --part to say which chip it is");
        }
        var code = LoadCode(args.File);
        var request = new ArduinoIspRequest(code, part, lockMode, args.Force);
        if (part is not null)
        {
            request.CheckFits(part);
        }
        else if (code.Length > At89sPart.At89s52.FlashSize)
        {
            throw new FlashInputException($"the image is {code.Length} bytes; the largest AT89S part, the AT89S52, has {At89sPart.At89s52.FlashSize}");
        }
        return request;
    }

    private sealed record Arguments(
        string File, string? Port, int MaxBaud, int HandshakeBaud, int WaitSeconds, string? Reset, bool Debug, bool Force, string[] Options);

    private static int Run(Arguments args, SerialEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        FlashRequest request;
        try
        {
            request = BuildRequest(args);
        }
        catch (FlashInputException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return (int)FlashExitCode.BadInput;
        }

        ISerialTransport transport;
        try
        {
            transport = env.OpenPort(args.Port!, args.HandshakeBaud, LineParity.None);
        }
        catch (SerialTransportException e)
        {
            stderr.WriteLine($"error: {e.Message}. Nothing was written to the chip.");
            return (int)FlashExitCode.Failed;
        }
        using (transport)
        {
            var reporter = new ConsoleFlashReporter(stdout, env.OutputIsTerminal, args.Debug);
            reporter.Info($"Image: {args.File}, {request.Image.CodeLength} bytes ({request.Image.Bytes.Length} padded with FF).");
            var result = new StcFlasher(transport, env.Time, reporter).Run(request, env.Cancellation);
            (result.ExitCode == FlashExitCode.Done ? stdout : stderr).WriteLine(result.Message);
            return (int)result.ExitCode;
        }
    }

    private static FlashRequest BuildRequest(Arguments args)
    {
        if (string.IsNullOrWhiteSpace(args.Port))
        {
            throw new FlashInputException("--port is required (e.g. --port /dev/ttyUSB0)");
        }
        if (!Stc89BaudMath.StandardRates.Contains(args.HandshakeBaud))
        {
            throw new FlashInputException($"--handshake-baud {args.HandshakeBaud} is not one of {string.Join(", ", Stc89BaudMath.StandardRates)}");
        }
        if (args.MaxBaud < 1200)
        {
            throw new FlashInputException($"--baud {args.MaxBaud} is below 1200");
        }
        if (args.WaitSeconds is < 1 or > 600)
        {
            throw new FlashInputException($"--wait {args.WaitSeconds} must be between 1 and 600 seconds");
        }
        PowerCycleLine? line = null;
        if (args.Reset is not null)
        {
            line = PowerCycleLine.Parse(args.Reset)
                ?? throw new FlashInputException($"--reset '{args.Reset}' is not one of dtr, rts, dtr-inverted, rts-inverted");
        }
        var changes = ParseOptionChanges(args.Options, args.Force);
        var code = LoadCode(args.File);
        return new FlashRequest(FlashImage.FromCode(code), args.HandshakeBaud, args.MaxBaud,
            TimeSpan.FromSeconds(args.WaitSeconds), line, changes);
    }

    /// <summary>The bytes from address 0 to the highest one the HEX file writes, gaps as FFh.</summary>
    internal static byte[] LoadCode(string path)
    {
        try
        {
            var image = IntelHex.Load(path);
            return image.Data.AsSpan(0, image.HighestAddress + 1).ToArray();
        }
        catch (HexFormatException e)
        {
            throw new FlashInputException(e.Message);
        }
        catch (InputFileException e)
        {
            throw new FlashInputException(e.Message);
        }
    }

    /// <summary>Parses NAME=on|off pairs; refuses changes that can lock the board out of ISP unless forced.</summary>
    public static IReadOnlyDictionary<string, bool> ParseOptionChanges(IEnumerable<string> pairs, bool force)
    {
        var changes = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !Stc89OptionByte.Options.ContainsKey(parts[0].Trim()))
            {
                throw new FlashInputException(
                    $"--option '{pair}': expected NAME=on|off with NAME one of {string.Join(", ", Stc89OptionByte.Options.Keys)}");
            }
            var name = parts[0].Trim();
            bool on = parts[1].Trim().ToLowerInvariant() switch
            {
                "on" or "true" or "1" or "yes" => true,
                "off" or "false" or "0" or "no" => false,
                _ => throw new FlashInputException($"--option '{pair}': value must be on or off"),
            };
            if (on && Stc89OptionByte.LockoutRisks.Contains(name) && !force)
            {
                throw new FlashInputException(
                    $"--option {name}=on can lock the board out of the ISP bootloader ({Stc89OptionByte.Options[name].Meaning}); add --force if you mean it");
            }
            changes[name] = on;
        }
        return changes;
    }
}
