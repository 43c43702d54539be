using System.Globalization;
using System.Text.Json.Nodes;
using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Debugging;
using Calendar51.Host.Emulation;
using Calendar51.Host.Emulation.Web;

namespace Calendar51.Host.Debugging;

/// <summary>
/// A debug adapter: answers Debug Adapter Protocol requests on one connection for one program on a
/// virtual board. The board runs on an <see cref="EmulationSession"/> thread driven by a
/// <see cref="DebugEngine"/>; requests that read or change the board run on that thread (posted and
/// awaited), so the board is never touched from two threads.
/// </summary>
public sealed partial class DapSession : IDisposable
{
    private const int ThreadId = 1;
    private static readonly TimeSpan BoardAnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly DapConnection connection;
    private readonly TextWriter log;
    private readonly object handlesGate = new();
    private readonly Dictionary<int, Func<IReadOnlyList<DebugValue>>> handles = [];
    private int nextHandle = 1;
    private DebugLaunch? launch;
    private DebugEngine? engine;
    private DebugInspector? inspector;
    private EmulationSession? session;
    private WebView? webView;
    private IReadOnlyList<DebugFrame> frames = [];
    private string lcdText = "";
    private bool disconnected;
    private bool faultReported;

    /// <param name="log">where the adapter's own complaints go (stderr: stdout carries the protocol)</param>
    public DapSession(Stream input, Stream output, TextWriter log)
    {
        connection = new DapConnection(input, output);
        this.log = log;
    }

    /// <summary>
    /// Answers requests until <c>disconnect</c> or the end of the input, then stops the board (no
    /// event follows the return). Returns the process exit code.
    /// </summary>
    public int Run()
    {
        try
        {
            return Serve();
        }
        finally
        {
            Shutdown();
        }
    }

    private int Serve()
    {
        while (!disconnected)
        {
            JsonObject? message;
            try
            {
                message = connection.Read();
            }
            catch (DapFramingException e)
            {
                log.WriteLine("debug-adapter: " + e.Message);
                return 2;
            }
            if (message is null) break;
            if (Text(message["type"]) != "request") continue;
            Handle(message);
        }
        return 0;
    }

    private void Handle(JsonObject request)
    {
        string command = Text(request["command"]) ?? "";
        var arguments = request["arguments"] as JsonObject ?? [];
        try
        {
            switch (command)
            {
                case "initialize": Initialize(request); break;
                case "launch": Launch(request, arguments); break;
                case "setBreakpoints": SetBreakpoints(request, arguments); break;
                case "setFunctionBreakpoints": SetFunctionBreakpoints(request, arguments); break;
                case "setInstructionBreakpoints": SetInstructionBreakpoints(request, arguments); break;
                case "dataBreakpointInfo": DataBreakpointInfo(request, arguments); break;
                case "setDataBreakpoints": SetDataBreakpoints(request, arguments); break;
                case "setExceptionBreakpoints": connection.SendResponse(request, new JsonObject { ["breakpoints"] = new JsonArray() }); break;
                case "configurationDone": ConfigurationDone(request); break;
                case "threads":
                    connection.SendResponse(request, new JsonObject { ["threads"] = new JsonArray(new JsonObject { ["id"] = ThreadId, ["name"] = "8051" }) });
                    break;
                case "continue": Resume(request, e => e.Continue(), new JsonObject { ["allThreadsContinued"] = true }); break;
                case "next": Resume(request, arguments["granularity"]?.GetValue<string>() == "instruction" ? e => e.StepInstruction() : e => e.StepOver()); break;
                case "stepIn": Resume(request, arguments["granularity"]?.GetValue<string>() == "instruction" ? e => e.StepInstruction() : e => e.StepIn()); break;
                case "stepOut": Resume(request, e => e.StepOut()); break;
                case "pause":
                    OnBoard(() => { Engine.Pause(); return 0; });
                    connection.SendResponse(request);
                    break;
                case "stackTrace": StackTrace(request, arguments); break;
                case "scopes": Scopes(request, arguments); break;
                case "variables": Variables(request, arguments); break;
                case "evaluate": Evaluate(request, arguments); break;
                case "readMemory": ReadMemory(request, arguments); break;
                case "disassemble": Disassemble(request, arguments); break;
                case "disconnect":
                case "terminate":
                    Shutdown();
                    connection.SendResponse(request);
                    if (command == "disconnect") disconnected = true;
                    else connection.SendEvent("terminated");
                    break;
                default: connection.SendError(request, $"'{command}' is not supported by the Calendar51 debug adapter"); break;
            }
        }
        catch (Exception e) when (e is LaunchException or EvaluationException or RequestException)
        {
            connection.SendError(request, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or TimeoutException or KeyNotFoundException)
        {
            connection.SendError(request, $"{command}: {e.Message}");
        }
    }

    /// <summary>A request that makes no sense in the current state or with its arguments.</summary>
    private sealed class RequestException(string message) : Exception(message);

    private DebugEngine Engine => engine ?? throw new RequestException("no program is launched yet (send 'launch' first)");

    private void Initialize(JsonObject request) => connection.SendResponse(request, new JsonObject
    {
        ["supportsConfigurationDoneRequest"] = true,
        ["supportsFunctionBreakpoints"] = true,
        ["supportsDataBreakpoints"] = true,
        ["supportsInstructionBreakpoints"] = true,
        ["supportsSteppingGranularity"] = true,
        ["supportsReadMemoryRequest"] = true,
        ["supportsDisassembleRequest"] = true,
        ["supportsEvaluateForHovers"] = true,
        ["supportsTerminateRequest"] = true,
    });

    private void Launch(JsonObject request, JsonObject arguments)
    {
        if (launch is not null) throw new RequestException("launch: a program is already launched");
        var started = DebugLaunch.From(arguments, DateTime.Now);
        launch = started;
        engine = new DebugEngine(started.Board, started.Symbols);
        inspector = new DebugInspector(started.Board.Cpu, started.Symbols);
        engine.Stopped += OnStopped;
        session = new EmulationSession(started.Board, started.Speed, engine.Advance);
        session.SnapshotPublished += OnSnapshot;
        if (started.WebPort is { } port)
        {
            var board = started.Board;
            var info = new EmulationInfo(started.Program, board.Description.Name, board.Description.CrystalHz, board.Keys.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList());
            try
            {
                webView = WebView.Start(session, info, port);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                throw new LaunchException($"launch: web: cannot serve on port {port}: {e.Message}");
            }
            info.WebAddress = webView.Address;
        }
        connection.SendResponse(request);
        string symbolsText = started.Symbols is null ? "no symbols (C lines and variables need a .cdb beside the HEX)" : $"symbols from {started.Symbols.SourcePath}";
        Output($"{Path.GetFileName(started.Program)} on {started.Board.Description.Name} ({started.Board.Description.Mcu.Name}), {symbolsText}, speed {started.Speed}\n");
        if (webView is not null) Output($"web view: {webView.Address}\n");
        connection.SendEvent("initialized");
    }

    private void ConfigurationDone(JsonObject request)
    {
        var engine = Engine;
        connection.SendResponse(request);
        if (launch!.StopOnEntry) engine.Halt(StopCause.Entry);
        else engine.Continue();
        session!.Start();
    }

    private void Resume(JsonObject request, Action<DebugEngine> resume, JsonObject? body = null)
    {
        var engine = Engine;
        ClearHandles();
        // Answer first: the stop that follows may come at once, and a client expects the answer before it.
        connection.SendResponse(request, body);
        OnBoard(() => { resume(engine); return 0; });
    }

    private void OnStopped(DebugStop stop)
    {
        ClearHandles();
        string reason = stop.Cause switch
        {
            StopCause.Entry => "entry",
            StopCause.Breakpoint => "breakpoint",
            StopCause.Step => "step",
            StopCause.Pause => "pause",
            StopCause.DataBreakpoint => "data breakpoint",
            _ => "exception",
        };
        var body = new JsonObject { ["reason"] = reason, ["threadId"] = ThreadId, ["allThreadsStopped"] = true };
        if (stop.Cause == StopCause.DataBreakpoint) body["description"] = $"write to {MemoryCell.Describe(stop.WrittenCell)}";
        if (stop.Cause == StopCause.PowerDown) body["description"] = body["text"] = "the MCU powered down (PCON.PD)";
        connection.SendEvent("stopped", body);
    }

    private void OnSnapshot(EmulationSnapshot snapshot)
    {
        if (session!.Fault is { } fault && !faultReported)
        {
            faultReported = true;
            Output($"the emulation stopped: {fault.GetType().Name}: {fault.Message}\n");
            connection.SendEvent("terminated");
            return;
        }
        if (snapshot.Panel is not { } panel) return;
        string text = string.Join("\n", LcdTextRenderer.RenderLines(panel).Select(line => "LCD |" + line + "|"));
        if (text == lcdText) return;
        lcdText = text;
        Output(text + "\n");
    }

    private void Output(string text) => connection.SendEvent("output", new JsonObject { ["category"] = "console", ["output"] = text });

    // ---- helpers ---------------------------------------------------------------------------------

    private JsonObject Source(string file)
    {
        // Line records name the file as the compiler was given it: resolve in sourceDirectory, beside the symbols, beside the HEX.
        string path = file;
        if (!Path.IsPathRooted(file))
        {
            foreach (var directory in new[] { launch!.SourceDirectory, Path.GetDirectoryName(launch.Symbols?.SourcePath), Path.GetDirectoryName(launch.Program) })
            {
                if (directory is null) continue;
                string candidate = Path.GetFullPath(Path.Combine(directory, file));
                if (File.Exists(candidate))
                {
                    path = candidate;
                    break;
                }
            }
        }
        return new JsonObject { ["name"] = Path.GetFileName(file), ["path"] = path };
    }

    private static string Address(int address) => $"0x{address:X4}";

    /// <summary>A JSON string's text, or null for anything else (a client may send a number where a name belongs).</summary>
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool TryParseNumber(string text, out int value)
    {
        string digits = text.Trim();
        return digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value)
            : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Runs <paramref name="action"/> on the emulation thread (or here, before it starts) and returns its result.</summary>
    private T OnBoard<T>(Func<T> action)
    {
        if (session is not { IsRunning: true } running) return action();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        running.Post(_ =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        bool finished;
        try
        {
            finished = done.Task.Wait(BoardAnswerTimeout);
        }
        catch (AggregateException)
        {
            finished = true;   // rethrown unwrapped below
        }
        if (!finished) throw new TimeoutException($"the emulation thread did not answer within {BoardAnswerTimeout.TotalSeconds} s");
        return done.Task.GetAwaiter().GetResult();
    }

    private void Shutdown()
    {
        session?.Stop();
        webView?.Dispose();
        webView = null;
    }

    public void Dispose()
    {
        Shutdown();
        session?.Dispose();
    }
}
