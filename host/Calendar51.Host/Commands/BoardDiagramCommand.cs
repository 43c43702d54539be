using System.CommandLine;
using Calendar51.Emulator.Board;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>calendar51 board-diagram NAME... | --all [--out DIR]</c>: writes &lt;name&gt;.svg, the wiring picture
/// drawn from the board file. Exit codes: 0 written; 1 bad command line (no board named, --out not a
/// writable directory); 2 a board is unknown or its file is malformed, or two files name the same board.
/// </summary>
public static class BoardDiagramCommand
{
    public const string RegenerateAll = "calendar51 board-diagram --all --out schematics";
    public const int ExitBadCommandLine = 1;

    public static Command Create()
    {
        var names = new Argument<string[]>("board") { Description = "Board names (e.g. prechin-a2) or .board paths", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every board in schematics/" };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory for the SVG files (default: the current directory)",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var command = new Command("board-diagram", """
            Draw each board's wiring as SVG from its board file.

            Exit codes: 0 written; 1 bad command line (no board named, --out not a writable directory);
            2 a board is unknown or malformed, or two board files name the same board.
            """) { names, all, output };
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var chosen = parseResult.GetValue(all) ? BoardCatalog.Names().ToArray() : parseResult.GetValue(names) ?? [];
            if (chosen.Length == 0)
            {
                error.WriteLine("name a board or give --all");
                return ExitBadCommandLine;
            }
            var boards = new List<(string Source, BoardDescription Board)>();
            foreach (var name in chosen)
            {
                try
                {
                    boards.Add((name, BoardCatalog.Load(name)));
                }
                catch (Exception e) when (e is BoardFormatException or IOException)
                {
                    error.WriteLine(e.Message);
                    return RunCommand.ExitBadInput;
                }
            }
            // The picture is named after the board, so two files with one name would silently share a picture.
            foreach (var clash in boards.GroupBy(b => b.Board.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                error.WriteLine($"{string.Join(" and ", clash.Select(b => b.Source))} both name board '{clash.Key}': one {clash.Key}.svg would overwrite the other; rename one board");
                return RunCommand.ExitBadInput;
            }
            var directory = parseResult.GetRequiredValue(output);
            try
            {
                if (File.Exists(directory.FullName)) throw new IOException("it is a file");
                directory.Create();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"--out {directory}: cannot create the directory: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
                return ExitBadCommandLine;
            }
            foreach (var (_, board) in boards)
            {
                string path = Path.Combine(directory.FullName, board.Name + ".svg");
                try
                {
                    File.WriteAllText(path, BoardDiagram.Render(board));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"--out {directory}: cannot write {board.Name}.svg: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
                    return ExitBadCommandLine;
                }
                parseResult.InvocationConfiguration.Output.WriteLine(path);
            }
            return 0;
        });
        return command;
    }
}
