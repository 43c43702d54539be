using System.Globalization;
using System.Text.Json.Nodes;
using Calendar51.Emulator.Chips.Lcd;
using Calendar51.Emulator.Debugging;
using Calendar51.Emulator.Disassembly;
using Calendar51.Host.Emulation;
using Calendar51.Host.Emulation.Web;

namespace Calendar51.Host.Debugging;

/// <summary>
/// A debug adapter: answers Debug Adapter Protocol requests on one connection for one program on a
/// virtual board. The board runs on an <see cref="EmulationSession"/> thread driven by a
/// <see cref="DebugEngine"/>; requests that read or change the board run on that thread (posted and
/// awaited), so the board is never touched from two threads.
/// </summary>
public sealed class DapSession : IDisposable
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

    // ---- breakpoints -----------------------------------------------------------------------------

    private void SetBreakpoints(JsonObject request, JsonObject arguments)
    {
        var engine = Engine;
        var source = arguments["source"] as JsonObject ?? throw new RequestException("setBreakpoints: 'source' is required");
        string path = source["path"]?.GetValue<string>() ?? source["name"]?.GetValue<string>() ?? throw new RequestException("setBreakpoints: the source has no path or name");
        var results = new JsonArray();
        var addresses = new List<int>();
        foreach (var breakpoint in arguments["breakpoints"] as JsonArray ?? [])
        {
            int line = breakpoint?["line"]?.GetValue<int>() ?? 0;
            int actual = line;
            IReadOnlyList<int> found = launch!.Symbols is { } symbols ? symbols.AddressesOfLine(path, line, out actual) : [];
            var result = new JsonObject { ["verified"] = found.Count > 0, ["line"] = found.Count > 0 ? actual : line, ["source"] = source.DeepClone() };
            if (found.Count > 0)
            {
                addresses.AddRange(found);
                result["instructionReference"] = Address(found[0]);
            }
            else result["message"] = launch.Symbols is null ? "no symbols: C lines need the .cdb" : $"no code for line {line} of {Path.GetFileName(path)} in the symbols";
            results.Add(result);
        }
        OnBoard(() => { engine.SetBreakpoints("source:" + Path.GetFileName(path), addresses); return 0; });
        connection.SendResponse(request, new JsonObject { ["breakpoints"] = results });
    }

    private void SetFunctionBreakpoints(JsonObject request, JsonObject arguments)
    {
        var engine = Engine;
        var results = new JsonArray();
        var addresses = new List<int>();
        foreach (var breakpoint in arguments["breakpoints"] as JsonArray ?? [])
        {
            string name = breakpoint?["name"]?.GetValue<string>() ?? "";
            var function = launch!.Symbols?.FunctionNamed(name.Trim());
            if (function is null)
            {
                results.Add(new JsonObject { ["verified"] = false, ["message"] = $"no function '{name}' in the symbols" });
                continue;
            }
            addresses.Add(function.Start);
            var result = new JsonObject { ["verified"] = true, ["instructionReference"] = Address(function.Start) };
            if (launch.Symbols!.LineAt(function.Start) is { } line)
            {
                result["line"] = line.Line;
                result["source"] = Source(line.File);
            }
            results.Add(result);
        }
        OnBoard(() => { engine.SetBreakpoints("functions", addresses); return 0; });
        connection.SendResponse(request, new JsonObject { ["breakpoints"] = results });
    }

    private void SetInstructionBreakpoints(JsonObject request, JsonObject arguments)
    {
        var engine = Engine;
        var results = new JsonArray();
        var addresses = new List<int>();
        foreach (var breakpoint in arguments["breakpoints"] as JsonArray ?? [])
        {
            string reference = breakpoint?["instructionReference"]?.GetValue<string>() ?? "";
            int offset = breakpoint?["offset"]?.GetValue<int>() ?? 0;
            if (!TryParseNumber(reference, out int address) || address + offset is < 0 or > 0xFFFF)
            {
                results.Add(new JsonObject { ["verified"] = false, ["message"] = $"'{reference}' is not a code address (use 0x0123)" });
                continue;
            }
            addresses.Add(address + offset);
            results.Add(new JsonObject { ["verified"] = true, ["instructionReference"] = Address(address + offset) });
        }
        OnBoard(() => { engine.SetBreakpoints("instructions", addresses); return 0; });
        connection.SendResponse(request, new JsonObject { ["breakpoints"] = results });
    }

    private void DataBreakpointInfo(JsonObject request, JsonObject arguments)
    {
        string name = arguments["name"]?.GetValue<string>() ?? throw new RequestException("dataBreakpointInfo: 'name' is required");
        int? reference = arguments["variablesReference"]?.GetValue<int>();
        DebugValue? value;
        if (reference is { } handle && handle != 0)
        {
            value = Lookup(handle).FirstOrDefault(v => v.Name == name);
        }
        else
        {
            try
            {
                value = OnBoard(() => inspector!.Evaluate(name, frames.FirstOrDefault()?.Function));
            }
            catch (EvaluationException)
            {
                value = null;
            }
        }
        var body = new JsonObject();
        if (value is null || value.Cell < 0)
        {
            body["dataId"] = null;
            body["description"] = value is null ? $"'{name}' is not a variable or address" : $"'{name}' has no address in RAM, SFRs or XRAM to watch";
        }
        else
        {
            int size = Math.Max(1, value.Size);
            body["dataId"] = $"{value.Cell}:{size}";
            body["description"] = $"{name} ({MemoryCell.Describe(value.Cell)}, {size} byte{(size == 1 ? "" : "s")})";
            body["accessTypes"] = new JsonArray("write");
            body["canPersist"] = false;
        }
        connection.SendResponse(request, body);
    }

    private void SetDataBreakpoints(JsonObject request, JsonObject arguments)
    {
        var engine = Engine;
        var results = new JsonArray();
        var cells = new List<int>();
        foreach (var breakpoint in arguments["breakpoints"] as JsonArray ?? [])
        {
            string id = breakpoint?["dataId"]?.GetValue<string>() ?? "";
            var parts = id.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int cell) || !int.TryParse(parts[1], out int size) || size is < 1 or > 256 || cell < 0)
            {
                results.Add(new JsonObject { ["verified"] = false, ["message"] = $"'{id}' is not a data breakpoint id from dataBreakpointInfo" });
                continue;
            }
            string access = breakpoint?["accessType"]?.GetValue<string>() ?? "write";
            if (access != "write")
            {
                results.Add(new JsonObject { ["verified"] = false, ["message"] = "only writes can be watched" });
                continue;
            }
            for (int i = 0; i < size; i++) cells.Add(cell + i);
            results.Add(new JsonObject { ["verified"] = true });
        }
        OnBoard(() => { engine.SetDataBreakpoints(cells); return 0; });
        connection.SendResponse(request, new JsonObject { ["breakpoints"] = results });
    }

    // ---- inspection ------------------------------------------------------------------------------

    private void StackTrace(JsonObject request, JsonObject arguments)
    {
        _ = Engine;
        frames = OnBoard(() => inspector!.StackTrace());
        int start = arguments["startFrame"]?.GetValue<int>() ?? 0;
        int levels = arguments["levels"]?.GetValue<int>() ?? 0;
        var list = new JsonArray();
        for (int i = start; i < frames.Count && (levels <= 0 || i < start + levels); i++)
        {
            var frame = frames[i];
            string name = frame.Function is { } f ? f.Name : $"0x{frame.Pc:X4}";
            var item = new JsonObject
            {
                ["id"] = i + 1,
                ["name"] = name,
                ["line"] = frame.Line?.Line ?? 0,
                ["column"] = frame.Line is null ? 0 : 1,
                ["instructionPointerReference"] = Address(frame.Pc),
            };
            if (frame.Line is { } line) item["source"] = Source(line.File);
            list.Add(item);
        }
        connection.SendResponse(request, new JsonObject { ["stackFrames"] = list, ["totalFrames"] = frames.Count });
    }

    private DebugFrame FrameOf(JsonObject arguments)
    {
        int id = arguments["frameId"]?.GetValue<int>() ?? 1;
        if (frames.Count == 0) frames = OnBoard(() => inspector!.StackTrace());
        if (id < 1 || id > frames.Count) throw new RequestException($"there is no frame {id} (the stack has {frames.Count})");
        return frames[id - 1];
    }

    private void Scopes(JsonObject request, JsonObject arguments)
    {
        _ = Engine;
        var frame = FrameOf(arguments);
        bool innermost = frame == frames[0];
        var scopes = new JsonArray();
        if (frame.Function is { } function)
            scopes.Add(Scope("Locals", NewHandle(() => inspector!.Locals(function, innermost)), "locals"));
        scopes.Add(Scope("Globals", NewHandle(() => inspector!.Globals()), null));
        scopes.Add(Scope("Registers", NewHandle(() => inspector!.Registers()), "registers"));
        scopes.Add(Scope("SFRs", NewHandle(() => inspector!.SpecialFunctionRegisters()), "registers"));
        connection.SendResponse(request, new JsonObject { ["scopes"] = scopes });
    }

    private static JsonObject Scope(string name, int handle, string? hint)
    {
        var scope = new JsonObject { ["name"] = name, ["variablesReference"] = handle, ["expensive"] = false };
        if (hint is not null) scope["presentationHint"] = hint;
        return scope;
    }

    private void Variables(JsonObject request, JsonObject arguments)
    {
        int handle = arguments["variablesReference"]?.GetValue<int>() ?? 0;
        var values = Lookup(handle);
        var list = new JsonArray();
        foreach (var value in values) list.Add(VariableJson(value, "value"));
        connection.SendResponse(request, new JsonObject { ["variables"] = list });
    }

    private JsonObject VariableJson(DebugValue value, string valueKey)
    {
        var item = new JsonObject
        {
            ["name"] = value.Name,
            [valueKey] = value.Value,
            ["type"] = value.Type,
            ["variablesReference"] = value.Children.Count > 0 ? NewHandle(() => value.Children) : 0,
        };
        if (MemoryReference(value.Cell) is { } reference) item["memoryReference"] = reference;
        return item;
    }

    private IReadOnlyList<DebugValue> Lookup(int handle)
    {
        Func<IReadOnlyList<DebugValue>>? read;
        lock (handlesGate) handles.TryGetValue(handle, out read);
        if (read is null) throw new RequestException($"variablesReference {handle} is not valid (values are dropped when the program runs)");
        return OnBoard(read);
    }

    private int NewHandle(Func<IReadOnlyList<DebugValue>> read)
    {
        lock (handlesGate)
        {
            handles[nextHandle] = read;
            return nextHandle++;
        }
    }

    private void ClearHandles()
    {
        lock (handlesGate) handles.Clear();
        frames = [];
    }

    private void Evaluate(JsonObject request, JsonObject arguments)
    {
        _ = Engine;
        string expression = arguments["expression"]?.GetValue<string>() ?? throw new RequestException("evaluate: 'expression' is required");
        var frame = arguments["frameId"] is null ? null : FrameOf(arguments);
        var value = OnBoard(() =>
        {
            var stack = frames.Count > 0 ? frames : inspector!.StackTrace();
            var current = frame ?? stack[0];
            return inspector!.Evaluate(expression, current.Function, innermost: current == stack[0]);
        });
        var body = VariableJson(value, "result");
        body.Remove("name");
        connection.SendResponse(request, body);
    }

    private static string? MemoryReference(int cell) => cell switch
    {
        < 0 => null,
        < 0x100 => $"data:0x{cell:X2}",
        < 0x200 => $"sfr:0x{cell & 0xFF:X2}",
        _ => $"xdata:0x{cell - 0x10000:X4}",
    };

    /// <summary>Memory references are <c>code:0x0100</c>, <c>data:0x30</c>, <c>xdata:0x0010</c>, <c>sfr:0x80</c>, or a bare address in code.</summary>
    private static (string Space, int Address) ParseMemoryReference(string reference)
    {
        string space = "code";
        string number = reference.Trim();
        int colon = number.IndexOf(':');
        if (colon >= 0)
        {
            space = number[..colon].Trim().ToLowerInvariant();
            number = number[(colon + 1)..];
        }
        if (space is not ("code" or "data" or "idata" or "xdata" or "sfr") || !TryParseNumber(number, out int address))
            throw new RequestException($"memory reference '{reference}' is not SPACE:ADDRESS (code, data, xdata, sfr; e.g. data:0x30)");
        return (space == "idata" ? "data" : space, address);
    }

    private void ReadMemory(JsonObject request, JsonObject arguments)
    {
        _ = Engine;
        var (space, address) = ParseMemoryReference(arguments["memoryReference"]?.GetValue<string>() ?? "");
        int offset = arguments["offset"]?.GetValue<int>() ?? 0;
        int count = arguments["count"]?.GetValue<int>() ?? 0;
        if (count is < 0 or > 0x10000) throw new RequestException($"readMemory: count {count} is not 0–65536");
        int start = address + offset;
        var bytes = OnBoard(() =>
        {
            var cpu = launch!.Board.Cpu;
            int size = space switch { "code" => cpu.CodeMemory.Length, "data" => cpu.InternalRam.Length, "xdata" => cpu.DataMemory.Length, _ => 0x100 };
            var list = new List<byte>();
            for (int a = Math.Max(start, space == "sfr" ? 0x80 : 0); a < start + count && a < size; a++)
            {
                list.Add(space switch { "code" => cpu.CodeMemory[a], "data" => cpu.InternalRam[a], "xdata" => cpu.DataMemory[a], _ => cpu.PeekDirect(a) });
            }
            return list.ToArray();
        });
        connection.SendResponse(request, new JsonObject
        {
            ["address"] = $"{space}:0x{start:X4}",
            ["data"] = Convert.ToBase64String(bytes),
            ["unreadableBytes"] = Math.Max(0, count - bytes.Length),
        });
    }

    private void Disassemble(JsonObject request, JsonObject arguments)
    {
        _ = Engine;
        var (_, reference) = ParseMemoryReference(arguments["memoryReference"]?.GetValue<string>() ?? "");
        int baseAddress = reference + (arguments["offset"]?.GetValue<int>() ?? 0);
        int instructionOffset = arguments["instructionOffset"]?.GetValue<int>() ?? 0;
        int count = arguments["instructionCount"]?.GetValue<int>() ?? 0;
        if (count is < 0 or > 4096) throw new RequestException($"disassemble: instructionCount {count} is not 0–4096");
        var symbols = launch!.Symbols;
        var instructions = OnBoard(() =>
        {
            var code = launch.Board.Cpu.CodeMemory;
            // Decode from a known instruction start (the function or line at or before the earliest
            // address wanted) so the variable-length instructions line up with the base address.
            int earliest = Math.Max(0, baseAddress + Math.Min(0, instructionOffset) * 3);
            int anchor = symbols?.FunctionAt(earliest)?.Start ?? symbols?.LineAt(earliest)?.Address ?? earliest;
            if (anchor > baseAddress) anchor = earliest;
            var decoded = new List<(int Address, string Bytes, string Text)>();
            int address = Math.Min(anchor, baseAddress);
            int baseIndex = -1;
            while (address < code.Length && (baseIndex < 0 || decoded.Count < baseIndex + instructionOffset + count))
            {
                if (baseIndex < 0 && address >= baseAddress) baseIndex = decoded.Count;
                var bytes = code[address..Math.Min(code.Length, address + 3)];
                string text = Disassembler.Disassemble(bytes, address, out int length);
                decoded.Add((address, Convert.ToHexString(bytes[..length]), text));
                address += length;
            }
            if (baseIndex < 0) baseIndex = decoded.Count;
            return (decoded, baseIndex);
        });
        var list = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            int index = instructions.baseIndex + instructionOffset + i;
            if (index < 0 || index >= instructions.decoded.Count)
            {
                list.Add(new JsonObject { ["address"] = Address(Math.Clamp(baseAddress + instructionOffset + i, 0, 0xFFFF)), ["instruction"] = "??", ["presentationHint"] = "invalid" });
                continue;
            }
            var (at, hex, text) = instructions.decoded[index];
            var item = new JsonObject { ["address"] = Address(at), ["instructionBytes"] = hex, ["instruction"] = text };
            if (symbols?.FunctionAt(at) is { } function) item["symbol"] = function.Name;
            if (symbols?.LineAt(at) is { } line)
            {
                item["location"] = Source(line.File);
                item["line"] = line.Line;
            }
            list.Add(item);
        }
        connection.SendResponse(request, new JsonObject { ["instructions"] = list });
    }

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
