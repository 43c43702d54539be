using System.Diagnostics;

namespace Calendar51.Tests.Firmware;

/// <summary>Locating the repository and its data, and running external tools (gcc, make/sdcc)
/// with a bounded wait.</summary>
internal static class FirmwareTools
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Calendar51.sln")))
                return dir.FullName;
        }
        Assert.Fail("No directory containing Calendar51.sln above " + TestContext.CurrentContext.TestDirectory);
        return "";
    }

    public static string FirmwareDirectory() => Path.Combine(RepositoryRoot(), "firmware");

    /// <summary>A reference table in firmware/data/ (the CSVs make tables reads).</summary>
    public static string DataFile(string fileName)
    {
        var path = Path.Combine(FirmwareDirectory(), "data", fileName);
        if (!File.Exists(path))
            Assert.Fail($"Missing data file: {path}");
        return path;
    }

    /// <summary>Runs a program; fails the test if it is not installed or does not finish in time.</summary>
    public static (int ExitCode, string Output) Run(string program, string arguments, string workingDirectory,
        TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"'{program}' is required for this test but could not be started: {e.Message}");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"'{program} {arguments}' did not finish within {timeout}");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    public static void RequireTool(string program)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
        if (!found)
            Assert.Fail($"'{program}' is not on PATH; it is required to build and test the firmware");
    }
}
