using System.Collections.Concurrent;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests;

/// <summary>
/// The C programs of tests/board-programs compiled with SDCC once per test run (a missing sdcc fails
/// the test naming the package), as HEX files in the run's temporary directory (<see cref="TestRunDirectory"/>).
/// </summary>
internal static class TestPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new();

    /// <summary>The HEX of tests/board-programs/<paramref name="name"/>.c.</summary>
    public static string Hex(string name) => Built.GetOrAdd(name, key => new Lazy<string>(() => Build(key))).Value;

    private static string Build(string name)
    {
        string source = RepositoryFiles.BoardProgram(name + ".c");
        Assert.That(File.Exists(source), Is.True, $"{source} is missing");
        // Compiled where it stands, so its own headers (results.h, prechin_*.h) are found beside it.
        var toolchain = new SdccToolchain(TestRunDirectory.Get(Path.Combine("board-programs", name)));   // callers use the HEX until the run ends
        toolchain.Run("sdcc", "-mmcs51", "-o", toolchain.Directory + Path.DirectorySeparatorChar, source);
        return toolchain.PathOf(name + ".ihx");
    }
}
