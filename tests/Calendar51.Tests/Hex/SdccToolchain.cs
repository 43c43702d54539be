using System.ComponentModel;
using System.Diagnostics;

namespace Calendar51.Tests.Hex;

/// <summary>
/// Runs SDCC's tools (sdcc, sdas8051, sdld, packihx, makebin) in a scratch directory, each with a
/// bounded wait. A missing tool fails the test with the package to install: these tests never skip.
/// </summary>
internal sealed class SdccToolchain : IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    public SdccToolchain()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("calendar51-sdcc-").FullName;
    }

    /// <summary>Works in <paramref name="directory"/> (which must exist), e.g. one kept for the whole test run.</summary>
    public SdccToolchain(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public string Write(string fileName, string text)
    {
        var path = PathOf(fileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs <paramref name="tool"/> in the scratch directory; fails the test unless it exits 0. Returns stdout.</summary>
    public string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"'{tool}' is not installed or not on PATH ({e.Message}); install the Debian package 'sdcc'");
            throw; // unreachable: Assert.Fail throws
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ToolTimeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within {ToolTimeout.TotalSeconds} s");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Assert.Fail($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
            }
            return stdout.Result;
        }
    }

    /// <summary>Assembles <paramref name="source"/> (sdas8051 syntax) and links it; returns the paths of the .lst and .ihx.</summary>
    public (string ListingPath, string HexPath) AssembleAndLink(string baseName, string source)
    {
        Write(baseName + ".asm", source);
        Run("sdas8051", "-plosgff", baseName + ".asm");
        Run("sdld", "-i", baseName + ".ihx", baseName + ".rel");
        return (PathOf(baseName + ".lst"), PathOf(baseName + ".ihx"));
    }

    public void Dispose()
    {
        // Set CALENDAR51_KEEP_SDCC_TEMP to keep the generated sources and listings for a failing test.
        if (Environment.GetEnvironmentVariable("CALENDAR51_KEEP_SDCC_TEMP") is null)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
