using System.Collections.Concurrent;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Scenarios;

/// <summary>
/// Builds the C programs of tests/board-programs with SDCC into a scratch directory, once per test
/// run, and hands out the HEX path. A missing sdcc fails the test (never skips).
/// </summary>
internal static class BoardPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new();

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Calendar51.sln"))) return directory.FullName;
        }
        Assert.Fail("Calendar51.sln not found above " + TestContext.CurrentContext.TestDirectory);
        throw new InvalidOperationException();
    }

    /// <summary>The HEX of tests/board-programs/<paramref name="name"/>.c.</summary>
    public static string Hex(string name) => Built.GetOrAdd(name, key => new Lazy<string>(() => Build(key))).Value;

    private static string Build(string name)
    {
        string source = Path.Combine(RepositoryRoot(), "tests", "board-programs", name + ".c");
        Assert.That(File.Exists(source), Is.True, $"board program missing: {source}");
        var toolchain = new SdccToolchain();   // left in /tmp for the run: the HEX is used after this returns
        File.Copy(source, toolchain.PathOf(name + ".c"));
        toolchain.Run("sdcc", "-mmcs51", name + ".c");
        return toolchain.PathOf(name + ".ihx");
    }
}
