namespace Calendar51.Tests;

/// <summary>
/// One temporary directory per test run for what tests share (the compiled corpus, random streams):
/// about 12 MB, deleted when the run ends instead of piling up in /tmp run after run.
/// </summary>
[SetUpFixture]
public sealed class TestRunDirectory
{
    private static readonly Lazy<string> Created = new(() => Directory.CreateTempSubdirectory("calendar51-test-run-").FullName);

    /// <summary>A subdirectory of the run's directory, created on first use.</summary>
    public static string Get(string name) => Directory.CreateDirectory(Path.Combine(Created.Value, name)).FullName;

    [OneTimeTearDown]
    public void DeleteTheRunsFiles()
    {
        if (Created.IsValueCreated) Directory.Delete(Created.Value, recursive: true);
    }
}
