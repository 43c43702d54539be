using System.Collections.Concurrent;
using System.Globalization;

namespace Calendar51.Tests.Differential;

/// <summary>
/// The C programs of tests/corpus, compiled with SDCC for a part at test time into a temporary
/// directory (once per test run and part). Each file names its parts on a `// diff-parts:` line
/// ("all" or part names) and may add SDCC options on a `// sdcc-options:` line.
/// </summary>
public static class Corpus
{
    private static readonly ConcurrentDictionary<(string Program, string Part), Lazy<string>> Compiled = new();
    private static readonly Lazy<string> BuildDirectory = new(() => TestRunDirectory.Get("corpus"));

    public static string SourceDirectory => Path.Combine(RepositoryRoot(), "tests", "corpus");

    public static IEnumerable<string> ProgramNames() =>
        Directory.GetFiles(SourceDirectory, "*.c").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    public static bool Supports(string program, PartProfile part)
    {
        var parts = HeaderValue(program, "diff-parts")
            ?? throw new InvalidOperationException($"{SourcePath(program)}: no `// diff-parts:` line");
        var names = parts.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return names.Contains("all") || names.Contains(part.Part, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Path of the Intel HEX of <paramref name="program"/> built for <paramref name="part"/>.</summary>
    public static string HexFor(string program, PartProfile part, params string[] extraOptions)
    {
        var key = (program + string.Concat(extraOptions), part.Part);
        return Compiled.GetOrAdd(key, _ => new Lazy<string>(() => Compile(program, part, extraOptions))).Value;
    }

    private static string Compile(string program, PartProfile part, string[] extraOptions)
    {
        var sdcc = ExternalTool.Require("sdcc", "sdcc");
        var output = Path.Combine(BuildDirectory.Value, $"{program}-{part.Part}{string.Concat(extraOptions).Replace('-', '_').Replace('=', '_')}");
        Directory.CreateDirectory(output);
        var arguments = new List<string>
        {
            "-mmcs51",
            "--iram-size", part.IramSize.ToString(CultureInfo.InvariantCulture),
            "--code-size", part.CodeSize.ToString(CultureInfo.InvariantCulture),
            "--xram-size", (part.OnChipXramSize > 0 ? part.OnChipXramSize : part.HasExternalXram ? 65536 : 0).ToString(CultureInfo.InvariantCulture),
        };
        arguments.AddRange((HeaderValue(program, "sdcc-options") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        arguments.AddRange(extraOptions);
        arguments.AddRange(["-o", output + Path.DirectorySeparatorChar, SourcePath(program)]);
        var result = ExternalTool.Run(sdcc, arguments, null, TimeSpan.FromMinutes(2), output);
        var ihx = Path.Combine(output, program + ".ihx");
        if (result.ExitCode != 0 || !File.Exists(ihx))
        {
            Assert.Fail($"sdcc {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Stdout}{result.Stderr}");
        }
        var hex = Path.Combine(output, program + ".hex");
        File.Copy(ihx, hex, overwrite: true);
        return hex;
    }

    private static string SourcePath(string program) => Path.Combine(SourceDirectory, program + ".c");

    private static string? HeaderValue(string program, string key)
    {
        var prefix = $"// {key}:";
        return File.ReadLines(SourcePath(program))
            .TakeWhile(line => line.StartsWith("//", StringComparison.Ordinal))
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .Select(line => line[prefix.Length..].Trim())
            .FirstOrDefault();
    }

    /// <summary>The directory holding Calendar51.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Calendar51.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Calendar51.sln above {AppContext.BaseDirectory}");
    }
}
