namespace Calendar51.Tests;

/// <summary>Paths in the source tree, found by walking up from the test assembly to Calendar51.sln.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Calendar51.sln"))) return directory.FullName;
            }
            Assert.Fail($"Calendar51.sln not found above {AppContext.BaseDirectory}: run the tests from the source tree");
            throw new InvalidOperationException("unreachable");
        }
    }

    public static string Schematics => Path.Combine(Root, "schematics");

    public static string BoardFilePath(string name) => Path.Combine(Schematics, name + ".board");

    public static string BoardProgram(string fileName) => Path.Combine(Root, "tests", "board-programs", fileName);
}
