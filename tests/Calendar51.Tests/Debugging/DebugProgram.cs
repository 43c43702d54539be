using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Debugging;

/// <summary>
/// tests/debug-programs/debugme.c built once per run with <c>sdcc --debug</c> in a scratch directory
/// (the .c copied there, so the .cdb's line records name a file that sits beside it).
/// </summary>
internal static class DebugProgram
{
    private static readonly Lazy<string> Built = new(Build);

    public static string SourcePath => Path.Combine(RepositoryFiles.Root, "tests", "debug-programs", "debugme.c");

    /// <summary>The HEX (debugme.ihx; debugme.cdb, debugme.map and debugme.c beside it).</summary>
    public static string Hex => Built.Value;

    public static string Directory => Path.GetDirectoryName(Hex)!;

    /// <summary>The 1-based line of the statement marked <c>/* @marker */</c>.</summary>
    public static int LineOf(string marker)
    {
        var lines = File.ReadAllLines(SourcePath);
        int index = Array.FindIndex(lines, l => l.Contains("/* " + marker + " */", StringComparison.Ordinal));
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"marker {marker} not in {SourcePath}");
        return index + 1;
    }

    private static string Build()
    {
        var toolchain = new SdccToolchain();   // kept until the run ends: the tests use its files afterwards
        File.Copy(SourcePath, toolchain.PathOf("debugme.c"));
        toolchain.Run("sdcc", "-mmcs51", "--debug", "debugme.c");
        return toolchain.PathOf("debugme.ihx");
    }
}
