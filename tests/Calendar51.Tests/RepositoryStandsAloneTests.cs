using System.Text.RegularExpressions;

namespace Calendar51.Tests;

/// <summary>
/// The repository builds, tests and runs from its own tree: no build, test or script file may name a
/// path above the repository root (a fresh clone has nothing beside it).
/// </summary>
[TestFixture]
public partial class RepositoryStandsAloneTests
{
    private static readonly string[] CheckedExtensions =
        [".cs", ".csproj", ".props", ".targets", ".sln", ".sh", ".ps1", ".py", ".json", ".yaml", ".yml", ".c", ".h", ".asm"];

    private static readonly string[] CheckedNames = ["Makefile", "run"];

    /// <summary>Build output and third-party recordings (data, not instructions) are not ours to check.</summary>
    private static readonly string[] SkippedDirectories =
        ["bin", "obj", ".git", "TestResults", "BenchmarkDotNet.Artifacts", "artifacts", "build", "fixtures", ".tools"];

    [Test]
    public void NoBuildTestOrScriptFileRefersAboveTheRepository()
    {
        var root = RepositoryFiles.Root;
        var files = CheckedFiles(root).ToList();
        Assert.That(files.Select(f => Path.GetRelativePath(root, f)),
            Has.Member(Path.Combine(".ci", "run")).And.Member(Path.Combine("firmware", "Makefile")),
            "the scan must see the CI script and the firmware Makefile");

        var escapes = files.SelectMany(file => Escapes(root, file)).ToList();

        Assert.That(escapes, Is.Empty, "paths above the repository root:\n" + string.Join('\n', escapes));
    }

    [TestCase("cp ../../shared/data/x.csv .", "firmware/Makefile")]
    [TestCase("var p = Path.Combine(root, \"..\", \"shared\");", "tests/X.cs")]
    [TestCase("data = os.path.join(fw, '..', '..', 'shared')", "firmware/tools/gen.py")]
    [TestCase("<None Include=\"..\\..\\..\\shared\\a.yml\" />", "host/Calendar51.Host/Calendar51.Host.csproj")]
    public void TheScanFindsAnEscapingPath(string line, string relativeFile)
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");
        var found = LineEscapes(root, Path.Combine(root, relativeFile), line);

        Assert.That(found, Is.Not.Null, line);
    }

    [TestCase("<ProjectReference Include=\"../../emulator/Calendar51.Emulator/Calendar51.Emulator.csproj\" />", "tests/Calendar51.Tests/Calendar51.Tests.csproj")]
    [TestCase("hex: ../../firmware/build/kst-51/calendar51.hex", "tests/scenarios/a.yaml")]
    [TestCase("cd \"$(dirname \"$0\")/..\"", ".ci/run")]
    public void TheScanAcceptsAPathInsideTheRepository(string line, string relativeFile)
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");
        var found = LineEscapes(root, Path.Combine(root, relativeFile), line);

        Assert.That(found, Is.Null, line);
    }

    private static IEnumerable<string> CheckedFiles(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(sub))) pending.Push(sub);
            }
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                // This file spells escaping paths on purpose, as the cases the scan must catch.
                if (name == nameof(RepositoryStandsAloneTests) + ".cs") continue;
                if (CheckedNames.Contains(name) || CheckedExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
                    yield return file;
            }
        }
    }

    private static IEnumerable<string> Escapes(string root, string file)
    {
        int number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (LineEscapes(root, file, line) is { } why)
                yield return $"{Path.GetRelativePath(root, file)}:{number}: {why}";
        }
    }

    /// <summary>
    /// Why this line leaves the tree, or null. A written relative path (../x, ..\x) is resolved from the
    /// file's own folder; a ".." path component given as a string literal (Path.Combine, os.path.join)
    /// climbs from wherever the program runs, so it is refused outright: find the root by Calendar51.sln.
    /// </summary>
    private static string? LineEscapes(string root, string file, string line)
    {
        foreach (Match match in RelativePath().Matches(line))
        {
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, match.Value.Replace('\\', '/')));
            var inside = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (!(resolved + Path.DirectorySeparatorChar).StartsWith(inside, StringComparison.Ordinal))
                return $"'{match.Value}' resolves to {resolved}";
        }
        var literal = ParentLiteral().Match(line);
        return literal.Success ? $"{literal.Value} used as a path component" : null;
    }

    [GeneratedRegex(@"(?<![\w.])(?:\.\.[/\\])+[^\s""'<>;)`,|]*")]
    private static partial Regex RelativePath();

    [GeneratedRegex(@"(?<![\w\\])([""'])\.\.\1")]
    private static partial Regex ParentLiteral();
}
