using System.CommandLine;
using System.Diagnostics;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;
using Calendar51.Emulator.LogicAnalyser;
using Calendar51.Emulator.Scenarios;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>calendar51 scenario FILE.yaml [--hex FILE] [--board NAME] [--engine translator|interpreter]</c>: runs a scenario in virtual time
/// and prints each step as it passes. The HEX is --hex, else the file's <c>hex:</c> (relative to the
/// file), else the bundled firmware; the board likewise --board, <c>board:</c>, prechin-a2.
/// Exit codes: 0 every step passed; 1 a step failed (the step, expected, actual and the LCD are
/// printed); 2 the scenario file, the board or the HEX is missing or malformed (file:line on stderr),
/// a bad command line (an unknown option, an --engine that is neither translator nor interpreter),
/// --signals names no signal of the board, or the --vcd file cannot be written; 130 interrupted
/// (Ctrl-C), after printing what ran.
/// </summary>
public static class ScenarioCommand
{
    public const int ExitFailed = 1;
    public const int ExitBadInput = 2;
    public const int ExitInterrupted = 130; // the shell's code for a command ended by SIGINT

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Scenario file (.yaml): steps such as power-on, delay: 2s, expect-lcd: {line: 1, text: ...}" };
        var hex = new Option<FileInfo?>("--hex") { Description = "Intel HEX to run (default: the file's hex:, else firmware/dist/calendar51.hex)" };
        var board = new Option<string?>("--board") { Description = $"Board name or .board file (default: the file's board:, else {BoardCatalog.DefaultBoard})" };
        var engine = EngineOption.Create();
        var command = new Command("scenario", """
            Run a scenario file against the emulated board, in virtual time.

            Exit codes: 0 every step passed; 1 a step failed (step, expected, actual and the LCD are printed);
            2 the scenario file, the board or the HEX is missing or malformed (file:line on stderr), a bad command
            line (e.g. --engine neither translator nor interpreter), --signals names no signal of the board, or the
            --vcd file cannot be written; 130 interrupted by Ctrl-C (what ran so far is printed).

            Long delays show progress: a bar on a terminal, one line every 10 s otherwise.
            """) { file, hex, board, engine };
        var analyser = new LogicAnalyserOptions(command);
        // A malformed option is bad input (2), not a failed step (1), the parser's own code.
        command.Action = new ExitCodeAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            using var interrupt = new CancellationTokenSource();
            void OnCtrlC(object? sender, ConsoleCancelEventArgs e)
            {
                e.Cancel = true;
                interrupt.Cancel();
            }
            Console.CancelKeyPress += OnCtrlC;
            try
            {
                return Run(parseResult.GetRequiredValue(file).ToString(), parseResult.GetValue(hex)?.ToString(), parseResult.GetValue(board),
                    EngineOption.Get(parseResult, engine), output, parseResult.InvocationConfiguration.Error,
                    analyser.Wanted(parseResult) ? available => analyser.Create(parseResult, available) : null,
                    new ScenarioProgress(output, terminal, ScenarioProgress.PipeInterval), interrupt.Token);
            }
            finally
            {
                Console.CancelKeyPress -= OnCtrlC;
            }
        }, ExitBadInput);
        return command;
    }

    /// <param name="createProbe">the --vcd/--decode probe for the board's signals; null: none asked for</param>
    /// <param name="progress">shows long delays; null: nothing</param>
    /// <param name="interrupt">Ctrl-C: stops the run and prints what ran</param>
    internal static int Run(string scenarioPath, string? hexOption, string? boardOption, ExecutionEngine engine, TextWriter output, TextWriter error,
                          Func<IReadOnlyList<WireSignal>, LogicProbe>? createProbe = null,
                          ScenarioProgress? progress = null, CancellationToken interrupt = default)
    {
        ScenarioSetup setup;
        try
        {
            setup = ScenarioSetup.Load(scenarioPath, hexOption, boardOption);
            output.WriteLine($"scenario {setup.Scenario.Name ?? Path.GetFileNameWithoutExtension(scenarioPath)}: {scenarioPath} on {setup.Board.Name}, {setup.HexPath}");
        }
        catch (Exception e) when (e is ScenarioFormatException or BoardFormatException or HexFormatException)
        {
            error.WriteLine(e.Message);
            return ExitBadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return ExitBadInput;
        }

        var scenario = setup.Scenario;
        var runner = setup.CreateRunner(engine);
        runner.Cancellation = interrupt;
        int passed = 0;
        runner.StepPassed += (step, time) =>
        {
            progress?.Clear();
            output.WriteLine($"ok   {step.Location}  {step.Describe()}  [{FormatTime(time)}]");
            passed++;
        };
        if (progress is not null) runner.Progress += (step, done, length) => progress.Report(step, done, length, runner.Board.VirtualTime);
        LogicProbe? probe;
        try
        {
            probe = createProbe?.Invoke(WireSignals.Of(setup.Board));
        }
        catch (LogicProbeException e)
        {
            error.WriteLine(e.Message);
            return ExitBadInput;
        }
        using var disposeProbe = probe;
        if (probe is not null)
        {
            string comment = $"calendar51 scenario {Path.GetFileName(scenarioPath)} on {setup.Board.Name}";
            probe.Attach(runner.Board, comment);
            runner.BoardReplaced += replaced => probe.Attach(replaced, comment);
            probe.Decoded += line => output.WriteLine(line);
        }
        var stopwatch = Stopwatch.StartNew();
        ScenarioFailure? failure;
        try
        {
            failure = runner.Run(scenario);
            probe?.Finish();
        }
        catch (IOException e) when (probe is { IsRecording: true })
        {
            error.WriteLine($"--vcd: cannot write: {e.Message}");
            return ExitBadInput;
        }
        catch (OperationCanceledException)
        {
            progress?.Clear();
            var running = scenario.Steps[passed];
            output.WriteLine($"INTERRUPTED {running.Location}: {running.Describe()}  [{FormatTime(runner.Board.VirtualTime)}]");
            output.WriteLine($"  {passed} of {scenario.Steps.Count} steps passed, {FormatTime(runner.Board.VirtualTime)} virtual in {stopwatch.Elapsed.TotalSeconds:0.00} s ({EngineOption.Name(runner.Board.Cpu.Engine)})");
            output.WriteLine("  LCD:");
            foreach (var line in runner.LcdLines()) output.WriteLine($"    |{line}|");
            return ExitInterrupted;
        }
        progress?.Clear();
        // Whatever the steps checked, the chips' per-rule summary and every error are shown.
        foreach (var line in runner.DiagnosticReport().Lines()) output.WriteLine(line);
        if (failure is null)
        {
            // The wall time depends on the engine, so the line says which one the core ran with.
            output.WriteLine($"PASS {scenario.Steps.Count} steps, {FormatTime(runner.Board.VirtualTime)} virtual in {stopwatch.Elapsed.TotalSeconds:0.00} s ({EngineOption.Name(runner.Board.Cpu.Engine)})");
            return 0;
        }
        output.WriteLine($"FAIL {failure.Step.Location}: {failure.Step.Describe()}  [{FormatTime(failure.VirtualTime)}]");
        output.WriteLine($"  expected: {failure.Expected}");
        output.WriteLine($"  actual:   {failure.Actual}");
        output.WriteLine("  LCD:");
        foreach (var line in failure.LcdLines) output.WriteLine($"    |{line}|");
        return ExitFailed;
    }

    internal static string FormatTime(TimeSpan time) => $"t={(long)time.TotalHours}:{time:mm\\:ss\\.fff}";
}
