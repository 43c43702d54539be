
namespace Calendar51.Emulator.Board;

/// <summary>Finds board files by name: the copies shipped beside the program, else schematics/ of the source tree.</summary>
public static class BoardCatalog
{
    public const string DefaultBoard = "prechin-a2";

    public static IEnumerable<string> SearchDirectories()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "schematics");
        if (RepositoryRoot() is { } root) yield return Path.Combine(root, "schematics");
    }

    /// <summary>A board by name (e.g. prechin-a2) or by path to a .board file.</summary>
    public static BoardDescription Load(string nameOrPath)
    {
        if (nameOrPath.EndsWith(BoardFile.Extension, StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains(Path.DirectorySeparatorChar))
            return BoardFile.Load(nameOrPath);
        foreach (var directory in SearchDirectories())
        {
            string path = Path.Combine(directory, nameOrPath + BoardFile.Extension);
            if (File.Exists(path)) return BoardFile.Load(path);
        }
        throw new FileNotFoundException($"unknown board '{nameOrPath}' (known: {string.Join(", ", Names())})");
    }

    public static IReadOnlyList<string> Names() =>
        SearchDirectories().Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*" + BoardFile.Extension))
            .Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Distinct().Order().ToList();

    /// <summary>The source tree this program runs from, if any (found by Calendar51.sln).</summary>
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Calendar51.sln"))) return directory.FullName;
        }
        return null;
    }
}
