using System.CommandLine;
using System.Runtime.InteropServices;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Hex;
using Calendar51.Emulator.LogicAnalyser;
using Calendar51.Host.Emulation;
using Calendar51.Host.Emulation.Serial;
using Calendar51.Host.Emulation.Web;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>calendar51 emulate [FILE.hex] [--board NAME] [--time now|YYYY-MM-DDTHH:MM:SS] [--speed 1|N|max]
/// [--battery FILE] [--web [--port 8051]] [--serial pty|tcp:127.0.0.1:PORT] [--engine translator|interpreter]</c>: runs the firmware on a
/// virtual board in real time (or faster) with a terminal view, a plain line log when stdout is not
/// a terminal, and optionally a web page and a serial port; <c>--vcd</c>/<c>--decode</c> watch the wires.
/// Exit codes: 0 quit; 1 bad command line (including --signals naming no signal); 2 a file is missing
/// or malformed (HEX, board, battery), the --vcd file cannot be written, or a port cannot be opened.
/// </summary>
public static class EmulateCommand
{
    public const int ExitBadInput = 2;
    public const int DefaultPort = 8051;

    public static Command Create()
    {
        var file = new Argument<string?>("file")
        {
            Description = "Intel HEX file (default: the bundled clock firmware, firmware/dist/calendar51.hex)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var board = new Option<string>("--board")
        {
            Description = "Board from schematics/ (or a .board file)",
            DefaultValueFactory = _ => BoardCatalog.DefaultBoard,
        };
        var time = new Option<string?>("--time") { Description = "DS1302 time at power-on: now or YYYY-MM-DDTHH:MM:SS (default: host local time, or the battery file's)" };
        var speed = new Option<string>("--speed")
        {
            Description = "Virtual seconds per host second: 1 (real time), N, or max",
            DefaultValueFactory = _ => "1",
        };
        var battery = new Option<string?>("--battery") { Description = "DS1302 battery file: loaded at start (the clock ran on while off), saved on quit" };
        var web = new Option<bool>("--web") { Description = "Serve the board as a web page on 127.0.0.1" };
        var port = new Option<int>("--port")
        {
            Description = "Port of the web page (0: any free port)",
            DefaultValueFactory = _ => DefaultPort,
        };
        var serial = new Option<string?>("--serial") { Description = "Expose the board's UART: pty (a pseudo-terminal) or tcp:127.0.0.1:PORT" };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Let --serial tcp: listen on an address other machines reach (e.g. tcp:0.0.0.0:PORT). Warning: anyone who "
                          + "reaches the port can then read and set the clock; there is no password",
        };
        var engine = EngineOption.Create();

        var command = new Command("emulate",
            "Run the clock (or any HEX) on a virtual board with a live view. On a terminal: keys 1–4 press K1–K4, + and - warm or cool "
            + "the board's (first) DS18B20 by 0.5 °C, q quits (saving --battery). A terminal reports no key-up, so a key counts as held while the terminal auto-repeats it and "
            + "its button is released 0.5 s after the last repeat; a tap holds the button for 0.5 s. When stdout is not a "
            + "terminal, LCD changes are printed as lines and stdin lines 1–4 tap a key for 200 ms of virtual time; q or the end "
            + "of stdin quits.\n\nExit codes: 0 quit; 1 bad command line; 2 a file is missing or malformed (HEX, board, battery) "
            + "or a port cannot be opened.")
        {
            file, board, time, speed, battery, web, port, serial, allowRemote, engine,
        };
        var analyser = new LogicAnalyserOptions(command);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;

            string? hex = parseResult.GetValue(file);
            if (hex is null)
            {
                hex = FirmwareImage.DefaultPath();
                if (hex is null)
                {
                    error.WriteLine("the bundled clock firmware calendar51.hex was not found (looked in "
                        + string.Join(", ", FirmwareImage.Candidates()) + "); run a HEX of your own: calendar51 emulate FILE.hex");
                    return ExitBadInput;
                }
            }
            if (!EmulationSpeed.TryParse(parseResult.GetRequiredValue(speed), out var pace, out var speedError))
            {
                error.WriteLine("--speed: " + speedError);
                return 1;
            }
            DateTime? startTime = null;
            if (parseResult.GetValue(time) is { } timeText)
            {
                if (!EmulationSetup.TryParseTime(timeText, DateTime.Now, out var parsed, out var timeError))
                {
                    error.WriteLine(timeError);
                    return 1;
                }
                startTime = parsed;
            }
            SerialEndpoint? serialEndpoint = null;
            if (parseResult.GetValue(serial) is { } serialText)
            {
                if (!SerialEndpoint.TryParse(serialText, out var endpoint, out var serialError))
                {
                    error.WriteLine("--serial: " + serialError);
                    return 1;
                }
                if (!endpoint.IsLocalOnly && !parseResult.GetValue(allowRemote))
                {
                    error.WriteLine($"--serial {serialText}: other machines could connect; use tcp:127.0.0.1:PORT, or add --allow-remote if you mean it");
                    return 1;
                }
                if (!endpoint.IsLocalOnly)
                    error.WriteLine($"warning: --serial {serialText} --allow-remote: anyone who reaches this port can read and set the clock");
                serialEndpoint = endpoint;
            }
            int webPort = parseResult.GetValue(port);
            if (webPort is < 0 or > 65535)
            {
                error.WriteLine($"--port {webPort} is not a TCP port (0–65535)");
                return 1;
            }

            var options = new EmulationOptions(hex, parseResult.GetRequiredValue(board), startTime, pace, parseResult.GetValue(battery),
                EngineOption.Get(parseResult, engine));
            VirtualBoard virtualBoard;
            try
            {
                virtualBoard = EmulationSetup.PowerOn(options, DateTime.Now, DateTime.UtcNow);
            }
            catch (Exception e) when (e is HexFormatException or BoardFormatException or FileNotFoundException or FormatException
                                          or IOException or UnauthorizedAccessException)
            {
                error.WriteLine(e.Message);
                return ExitBadInput;
            }
            LogicProbe? probe = null;
            if (analyser.Wanted(parseResult))
            {
                try
                {
                    probe = analyser.Create(parseResult, WireSignals.Of(virtualBoard.Description));
                }
                catch (LogicProbeException e)
                {
                    error.WriteLine(e.Message);
                    return e.BadCommandLine ? 1 : ExitBadInput;
                }
                probe.Attach(virtualBoard, ProbeComment(hex, virtualBoard));
            }
            using var disposeProbe = probe;
            return Run(virtualBoard, options, serialEndpoint, parseResult.GetValue(web) ? webPort : null, output, error, probe);
        });
        return command;
    }

    private static int Run(VirtualBoard board, EmulationOptions options, SerialEndpoint? serialEndpoint, int? webPort, TextWriter output, TextWriter error,
                           LogicProbe? probe)
    {
        var info = new EmulationInfo(options.HexPath, board.Description.Name, board.Description.CrystalHz, board.Keys.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList());
        using var session = new EmulationSession(board, options.Speed);
        if (probe is not null) session.ShowDecodedLines(probe, ProbeComment(options.HexPath, board));
        SerialLink? serialLink = null;
        WebView? webView = null;
        using var quit = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; Cancel(quit); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; Cancel(quit); });
        try
        {
            if (serialEndpoint is { } endpoint)
            {
                if (board.Serial is null)
                {
                    error.WriteLine($"--serial: board {board.Description.Name} has no USB-serial bridge");
                    return ExitBadInput;
                }
                serialLink = SerialLink.Open(endpoint, session);
                info.SerialEndpoint = serialLink.Address;
                info.SerialBaud = board.Serial.Baud;
            }
            if (webPort is { } portNumber)
            {
                webView = WebView.Start(session, info, portNumber);
                info.WebAddress = webView.Address;
            }
            session.Start();
            bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsInputRedirected;
            if (terminal) new TerminalView(session, info, output).Run(quit);
            else new PlainView(session, info, Console.In, output).Run(quit);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return ExitBadInput;
        }
        finally
        {
            session.Stop();
            FinishRecording(probe, error);
            webView?.Dispose();
            serialLink?.Dispose();
            if (options.BatteryPath is { } batteryPath)
            {
                try
                {
                    EmulationSetup.SaveBattery(session.Board, batteryPath);
                    error.WriteLine($"DS1302 battery saved to {batteryPath}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"{batteryPath}: cannot save the DS1302 battery: {e.Message}");
                }
            }
        }
    }

    /// <summary>Ends the --vcd file at the time the session stopped.</summary>
    private static string ProbeComment(string hex, VirtualBoard board) => $"calendar51 emulate {Path.GetFileName(hex)} on {board.Description.Name}";

    private static void FinishRecording(LogicProbe? probe, TextWriter error)
    {
        try
        {
            probe?.Finish();
        }
        catch (IOException e)
        {
            error.WriteLine($"--vcd: cannot write: {e.Message}");
        }
    }

    private static void Cancel(CancellationTokenSource quit)
    {
        try
        {
            quit.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // a signal after the session ended: nothing left to stop
        }
    }
}
