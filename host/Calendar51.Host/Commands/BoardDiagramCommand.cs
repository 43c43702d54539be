using System.CommandLine;
using Calendar51.Emulator.Board;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>calendar51 board-diagram NAME... | --all [--out DIR]</c>: writes &lt;name&gt;.svg, the wiring picture
/// drawn from the board file. Exit codes: 0 written; 2 a board is unknown or its file is malformed.
/// </summary>
public static class BoardDiagramCommand
{
    public const string RegenerateAll = "calendar51 board-diagram --all --out schematics";

    public static Command Create()
    {
        var names = new Argument<string[]>("board") { Description = "Board names (e.g. prechin-a2) or .board paths", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every board in schematics/" };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory for the SVG files (default: the current directory)",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var command = new Command("board-diagram", "Draw each board's wiring as SVG from its board file.") { names, all, output };
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var chosen = parseResult.GetValue(all) ? BoardCatalog.Names().ToArray() : parseResult.GetValue(names) ?? [];
            if (chosen.Length == 0)
            {
                error.WriteLine("name a board or give --all");
                return 1;
            }
            var directory = parseResult.GetRequiredValue(output);
            directory.Create();
            foreach (var name in chosen)
            {
                BoardDescription board;
                try
                {
                    board = BoardCatalog.Load(name);
                }
                catch (Exception e) when (e is BoardFormatException or FileNotFoundException or IOException)
                {
                    error.WriteLine(e.Message);
                    return RunCommand.ExitBadInput;
                }
                string path = Path.Combine(directory.FullName, board.Name + ".svg");
                File.WriteAllText(path, BoardDiagram.Render(board));
                parseResult.InvocationConfiguration.Output.WriteLine(path);
            }
            return 0;
        });
        return command;
    }
}
