using System.Collections.Concurrent;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests;

/// <summary>
/// The C programs of tests/board-programs compiled with SDCC once per test run (a missing sdcc fails
/// the test naming the package), as HEX files in a temporary directory kept for the run.
/// </summary>
internal static class TestPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new();

    /// <summary>The HEX of tests/board-programs/<paramref name="name"/>.c.</summary>
    public static string Hex(string name) => Built.GetOrAdd(name, key => new Lazy<string>(() => Build(key))).Value;

    private static string Build(string name)
    {
        var toolchain = new SdccToolchain();   // kept until the run ends: callers use the HEX afterwards
        foreach (var file in new[] { name + ".c", "results.h" })
        {
            string source = RepositoryFiles.BoardProgram(file);
            Assert.That(File.Exists(source), Is.True, $"{source} is missing");
            File.Copy(source, toolchain.PathOf(file), overwrite: true);
        }
        toolchain.Run("sdcc", "-mmcs51", name + ".c");
        return toolchain.PathOf(name + ".ihx");
    }
}
