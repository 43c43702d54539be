namespace Calendar51.Emulator.Board;

/// <summary>Finds the bundled clock firmware: the copy shipped beside the program, else firmware/dist/ of the source tree.</summary>
public static class FirmwareImage
{
    public const string FileName = "calendar51.hex";

    public static IEnumerable<string> Candidates()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "firmware", FileName);
        if (BoardCatalog.RepositoryRoot() is { } root) yield return Path.Combine(root, "firmware", "dist", FileName);
    }

    /// <summary>The first candidate that exists, or null.</summary>
    public static string? DefaultPath() => Candidates().FirstOrDefault(File.Exists);
}
