using System.Security.Cryptography;

namespace Calendar51.Emulator.Board;

/// <summary>
/// Finds the bundled clock firmware (firmware/dist/calendar51.hex of the source tree): the copy shipped
/// beside the program, else the source tree's, else the copy built into this library.
/// </summary>
public static class FirmwareImage
{
    /// <summary>The file name of the bundled firmware.</summary>
    public const string FileName = "calendar51.hex";

    private const string ResourceName = "firmware/" + FileName;

    /// <summary>The files looked for, in order (the built-in copy comes after them).</summary>
    public static IEnumerable<string> Candidates()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "firmware", FileName);
        if (BoardCatalog.RepositoryRoot() is { } root) yield return Path.Combine(root, "firmware", "dist", FileName);
    }

    /// <summary>
    /// The first candidate that exists, else the built-in copy written once to a folder under the
    /// system's temporary directory (named by its content hash), or null when this library was built
    /// without it. A path, because every caller and message works with HEX files: a single-file or
    /// ahead-of-time compiled program has no folder of its own to ship the file in.
    /// </summary>
    public static string? DefaultPath() => Candidates().FirstOrDefault(File.Exists) ?? BuiltInCopy();

    private static string? BuiltInCopy()
    {
        using var stream = typeof(FirmwareImage).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null) return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        string directory = Path.Combine(Path.GetTempPath(), "calendar51-firmware-" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        string path = Path.Combine(directory, FileName);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return path;
        Directory.CreateDirectory(directory);
        // Written aside and moved in, so a second process never reads half a file.
        string partial = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
