using System.Text.Json.Nodes;
using Calendar51.Emulator.Debugging;

namespace Calendar51.Host.Debugging;

/// <summary>The breakpoint requests: C lines, functions, instruction addresses, and writes to data.</summary>
public sealed partial class DapSession
{
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
}
