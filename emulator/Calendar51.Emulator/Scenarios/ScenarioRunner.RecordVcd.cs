using Calendar51.Emulator.LogicAnalyser;

namespace Calendar51.Emulator.Scenarios;

public sealed partial class ScenarioRunner
{
    /// <summary>Runs the board for the step's duration with every wired pin recorded into its VCD file.</summary>
    private ScenarioFailure? RecordVcd(RecordVcdStep step)
    {
        string path = Path.Combine(baseDirectory, step.Path);
        var previousObserver = Board.WireObserver;
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
            using var recorder = new WireRecorder(new VcdWriter(LogicProbe.OpenVcd(path), WireSignals.Of(Board.Description)));
            recorder.Attach(Board, $"scenario step {step.Location}: {step.Describe()} on {Board.Description.Name}");
            Board.RunFor(step.Duration);
            recorder.Finish();
            return null;
        }
        catch (LogicProbeException e)
        {
            return Fail(step, $"a VCD written to {path}", e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(step, $"a VCD written to {path}", e.Message);
        }
        finally
        {
            Board.WireObserver = previousObserver;
        }
    }
}
