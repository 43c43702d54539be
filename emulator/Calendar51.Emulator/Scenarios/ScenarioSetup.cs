using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Emulator.Scenarios;

/// <summary>A scenario file with its board and flash image resolved, ready for a <see cref="ScenarioRunner"/>.</summary>
internal sealed record ScenarioSetup(Scenario Scenario, BoardDescription Board, byte[] Code, string HexPath, string BaseDirectory)
{
    /// <summary>
    /// Loads a scenario; the HEX is <paramref name="hexOverride"/>, else the file's <c>hex:</c> (relative to
    /// the file), else the bundled firmware; the board likewise <paramref name="boardOverride"/>, the
    /// file's <c>board:</c>, else <see cref="BoardCatalog.DefaultBoard"/>. Throws
    /// <see cref="ScenarioFormatException"/>, <see cref="BoardFormatException"/>,
    /// <see cref="HexFormatException"/> or an <see cref="IOException"/> naming the file.
    /// </summary>
    public static ScenarioSetup Load(string scenarioPath, string? hexOverride = null, string? boardOverride = null)
    {
        var scenario = ScenarioParser.Load(scenarioPath);
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(scenarioPath))!;
        var board = BoardCatalog.Load(boardOverride ?? scenario.Board ?? BoardCatalog.DefaultBoard);
        ScenarioParser.CheckAgainstBoard(scenario, board);
        string hexPath = hexOverride
            ?? (scenario.Hex is { } fromFile ? Path.Combine(baseDirectory, fromFile) : null)
            ?? FirmwareImage.DefaultPath()
            ?? throw new FileNotFoundException($"no HEX given and the bundled firmware is missing (looked in: {string.Join(", ", FirmwareImage.Candidates())}); use --hex FILE");
        byte[] code = IntelHex.Load(hexPath, board.Mcu.CodeSize).Data.AsSpan(0, board.Mcu.CodeSize).ToArray();
        return new ScenarioSetup(scenario, board, code, hexPath, baseDirectory);
    }

    /// <summary>A runner on a new board with this setup's flash image, its core executing with <paramref name="engine"/>.</summary>
    public ScenarioRunner CreateRunner(ExecutionEngine engine = ExecutionEngine.Translator) => new(Board, Code, BaseDirectory, engine: engine);
}
