using System.Text.Json;
using System.Text.Json.Nodes;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Debugging;
using Calendar51.Emulator.Hex;
using Calendar51.Host.Commands;
using Calendar51.Host.Emulation;

namespace Calendar51.Host.Debugging;

/// <summary>A launch request that cannot be honoured; the message names the argument or file.</summary>
public sealed class LaunchException(string message) : Exception(message);

/// <summary>
/// The arguments of a <c>launch</c> request, checked, and the board they describe: <c>program</c>
/// (Intel HEX, required), <c>symbols</c> (.cdb or .map; default beside the HEX), <c>board</c> (name
/// or board file), <c>part</c> (replaces the board's MCU), <c>time</c> (DS1302 start: <c>now</c> or
/// <c>YYYY-MM-DDTHH:MM:SS</c>), <c>stopOnEntry</c>, <c>web</c> (true or a port: also serve the web
/// view), <c>speed</c> (1, N or max; default max, or 1 with <c>web</c>), <c>sourceDirectory</c>
/// (where the C files named by the symbols are; default: beside the symbols, then the HEX),
/// <c>engine</c> (translator, the default, or interpreter: how the core executes code).
/// </summary>
internal sealed record DebugLaunch(string Program, DebugSymbols? Symbols, VirtualBoard Board, bool StopOnEntry, int? WebPort, EmulationSpeed Speed,
    string? SourceDirectory)
{
    public const int DefaultWebPort = 8051;

    public static DebugLaunch From(JsonObject? arguments, DateTime hostNow)
    {
        arguments ??= [];
        string program = String(arguments, "program") ?? throw new LaunchException("launch: 'program' (the Intel HEX file to debug) is required");
        if (!File.Exists(program)) throw new LaunchException($"launch: program '{program}' does not exist");

        var description = LoadBoard(String(arguments, "board") ?? BoardCatalog.DefaultBoard);
        if (String(arguments, "part") is { } partName)
        {
            var part = PartSpec.All.FirstOrDefault(p => p.Name.Equals(partName, StringComparison.OrdinalIgnoreCase))
                ?? throw new LaunchException($"launch: part '{partName}' is not one of {string.Join(", ", PartSpec.All.Select(p => p.Name))}");
            description = description with { Mcu = part };
        }

        DateTime? time = null;
        if (String(arguments, "time") is { } timeText)
        {
            if (!EmulationSetup.TryParseTime(timeText, hostNow, out var parsed, out var error))
                throw new LaunchException("launch: " + error.Replace("--time", "time", StringComparison.Ordinal));
            time = parsed;
        }

        int? webPort = arguments["web"] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.False => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.True => DefaultWebPort,
            JsonValue v when v.TryGetValue(out int port) && port is >= 0 and <= 65535 => port,
            var other => throw new LaunchException($"launch: web '{other.ToJsonString()}' is not true, false or a TCP port (0–65535)"),
        };

        var speed = webPort is null ? EmulationSpeed.Max : EmulationSpeed.RealTime;
        if (String(arguments, "speed") is { } speedText && !EmulationSpeed.TryParse(speedText, out speed, out var speedError))
            throw new LaunchException("launch: speed: " + speedError);

        var engine = ExecutionEngine.Translator;
        if (String(arguments, "engine") is { } engineName && !EngineOption.TryParse(engineName, out engine))
            throw new LaunchException($"launch: engine '{engineName}' is not {EngineOption.Translator} or {EngineOption.Interpreter}");

        bool stopOnEntry = arguments["stopOnEntry"] switch
        {
            null => false,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            var other => throw new LaunchException($"launch: stopOnEntry '{other.ToJsonString()}' is not true or false"),
        };

        DebugSymbols? symbols;
        try
        {
            symbols = DebugSymbols.LoadFor(program, String(arguments, "symbols"));
        }
        catch (Exception e) when (e is SymbolFormatException or FileNotFoundException)
        {
            throw new LaunchException("launch: symbols: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LaunchException($"launch: symbols: cannot read: {e.Message}");
        }

        var board = new VirtualBoard(description);
        board.Cpu.Engine = engine;
        try
        {
            var image = IntelHex.Load(program, board.Description.Mcu.CodeSize);
            board.Cpu.LoadCode(image.Data.AsSpan(0, board.Description.Mcu.CodeSize));
        }
        catch (HexFormatException e)
        {
            throw new LaunchException("launch: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LaunchException($"launch: {program}: cannot read: {e.Message}");
        }
        string? sourceDirectory = String(arguments, "sourceDirectory");
        if (sourceDirectory is not null && !Directory.Exists(sourceDirectory))
            throw new LaunchException($"launch: sourceDirectory '{sourceDirectory}' does not exist");
        board.Rtc?.SetDateTime(time ?? hostNow, 0);
        return new DebugLaunch(program, symbols, board, stopOnEntry, webPort, speed, sourceDirectory);
    }

    private static BoardDescription LoadBoard(string name)
    {
        try
        {
            return BoardCatalog.Load(name);
        }
        catch (Exception e) when (e is BoardFormatException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new LaunchException("launch: board: " + e.Message);
        }
    }

    private static string? String(JsonObject arguments, string name) => arguments[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw new LaunchException($"launch: '{name}' must be a string, not {other.ToJsonString()}"),
    };
}
