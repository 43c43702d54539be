using System.CommandLine;
using Calendar51.Host.Commands;

namespace Calendar51.Host;

/// <summary>The `calendar51` command tree. Output goes to the writers given, so tests run it in-process.</summary>
public static class Cli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Calendar51: an 8051 perpetual-calendar clock, its emulator and its tools.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DisasmCommand.Create());
        root.Subcommands.Add(FlashCommand.Create());
        root.Subcommands.Add(SyncTimeCommand.Create());
        root.Subcommands.Add(TimeCommand.Create());
        root.Subcommands.Add(ScenarioCommand.Create());
        root.Subcommands.Add(BoardDiagramCommand.Create());
        root.Subcommands.Add(EmulateCommand.Create());
        root.Subcommands.Add(DebugAdapterCommand.Create());
        CommandListHelp.Apply(root);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
