using System.Diagnostics;

namespace Calendar51.Tests.Differential;

/// <summary>Finds and runs the Debian tools the differential suite compares against (s51, sdcc).</summary>
public static class ExternalTool
{
    /// <summary>Full path of <paramref name="name"/> on PATH; fails the test (never skips) when missing.</summary>
    public static string Require(string name, string debianPackage)
    {
        var path = Find(name);
        if (path is null)
        {
            Assert.Fail($"'{name}' is not on PATH: the differential tests need it. Install it with `apt-get install {debianPackage}` (.ci/run does this).");
        }
        return path!;
    }

    public static string? Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a program to completion, feeding <paramref name="stdin"/>; killed after <paramref name="timeout"/>.</summary>
    public static Result Run(string program, IEnumerable<string> arguments, string? stdin, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
