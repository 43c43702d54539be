using System.Text.Json.Nodes;
using Calendar51.Emulator.Debugging;
using Calendar51.Emulator.Disassembly;

namespace Calendar51.Host.Debugging;

/// <summary>The requests that read a stopped board: stack, scopes and variables, evaluate, memory, disassembly.</summary>
public sealed partial class DapSession
{
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
}
