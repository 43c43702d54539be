using System.Diagnostics;

namespace Calendar51.Tests.CommandLine;

/// <summary>Compiles one C file with SDCC (Debian package sdcc) into a directory and returns the .ihx path.</summary>
internal static class SdccBuild
{
    public static string Compile(string source, string outputDirectory, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("sdcc")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in (string[])["-mmcs51", .. extraArguments, "-o", outputDirectory + Path.DirectorySeparatorChar, source])
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("sdcc is not installed: apt-get install sdcc");
            throw;
        }
        using (process)
        {
            string errors = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000)) { process.Kill(); Assert.Fail($"sdcc timed out on {source}"); }
            Assert.That(process.ExitCode, Is.EqualTo(0), $"sdcc failed on {source}: {errors}");
        }
        return Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(source) + ".ihx");
    }
}
