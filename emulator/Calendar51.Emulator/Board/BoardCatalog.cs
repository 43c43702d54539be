using System.Reflection;

namespace Calendar51.Emulator.Board;

/// <summary>
/// Finds board files by name: schematics/ of the source tree this program runs from, if any (so an
/// edited board file counts at once), else the copies of schematics/*.board built into this library,
/// which is how an installed tool or a test using the NuGet package finds them.
/// </summary>
public static class BoardCatalog
{
    /// <summary>The board used when none is named: the Prechin A2 / HC6800 with an STC89C52RC at 12 MHz.</summary>
    public const string DefaultBoard = "prechin-a2";

    private const string ResourcePrefix = "schematics/";

    /// <summary>
    /// A board by name (e.g. <c>prechin-a2</c>) or by path to a <c>.board</c> file. Throws
    /// <see cref="FileNotFoundException"/> for an unknown name (the message lists the known ones) and
    /// <see cref="BoardFormatException"/> for a malformed file.
    /// </summary>
    public static BoardDescription Load(string nameOrPath)
    {
        if (nameOrPath.EndsWith(BoardFile.Extension, StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains(Path.DirectorySeparatorChar))
            return BoardFile.Load(nameOrPath);
        if (SourceTreeSchematics() is { } directory)
        {
            string path = Path.Combine(directory, nameOrPath + BoardFile.Extension);
            if (File.Exists(path)) return BoardFile.Load(path);
        }
        using var stream = typeof(BoardCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + nameOrPath.ToLowerInvariant() + BoardFile.Extension);
        if (stream is not null)
        {
            using var reader = new StreamReader(stream);
            return BoardFile.Parse(reader.ReadToEnd(), nameOrPath + BoardFile.Extension);
        }
        throw new FileNotFoundException($"unknown board '{nameOrPath}' (known: {string.Join(", ", Names())})");
    }

    /// <summary>Every board that <see cref="Load"/> finds by name, sorted.</summary>
    public static IReadOnlyList<string> Names()
    {
        var names = typeof(BoardCatalog).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(BoardFile.Extension, StringComparison.Ordinal))
            .Select(name => name[ResourcePrefix.Length..^BoardFile.Extension.Length]);
        if (SourceTreeSchematics() is { } directory)
            names = names.Concat(Directory.GetFiles(directory, "*" + BoardFile.Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>());
        return names.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static string? SourceTreeSchematics() =>
        RepositoryRoot() is { } root && Directory.Exists(Path.Combine(root, "schematics")) ? Path.Combine(root, "schematics") : null;

    /// <summary>The source tree this program runs from, if any (found by Calendar51.sln).</summary>
    internal static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Calendar51.sln"))) return directory.FullName;
        }
        return null;
    }
}
