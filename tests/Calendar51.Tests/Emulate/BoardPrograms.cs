using System.Collections.Concurrent;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Emulate;

/// <summary>Compiles the C programs of tests/board-programs/ with SDCC, once per test run.</summary>
internal static class BoardPrograms
{
    private static readonly ConcurrentDictionary<string, string> Compiled = new();
    private static readonly Lazy<SdccToolchain> Toolchain = new(() => new SdccToolchain());

    /// <summary>The .ihx of tests/board-programs/<paramref name="name"/>.c.</summary>
    public static string Hex(string name) => Compiled.GetOrAdd(name, Compile);

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Calendar51.sln"))) return directory.FullName;
        }
        Assert.Fail("Calendar51.sln not found above " + TestContext.CurrentContext.TestDirectory);
        return "";
    }

    private static string Compile(string name)
    {
        string source = Path.Combine(RepositoryRoot(), "tests", "board-programs", name + ".c");
        Assert.That(File.Exists(source), Is.True, $"{source} is missing");
        var toolchain = Toolchain.Value;
        File.Copy(source, toolchain.PathOf(name + ".c"), overwrite: true);
        toolchain.Run("sdcc", "-mmcs51", name + ".c");
        return toolchain.PathOf(name + ".ihx");
    }
}
