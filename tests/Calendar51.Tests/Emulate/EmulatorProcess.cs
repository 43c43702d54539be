using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Calendar51.Tests.Emulate;

/// <summary>
/// <c>calendar51 emulate …</c> as a child process (the built calendar51.dll beside the tests), its
/// output collected as it comes; every wait is bounded and the process is killed on dispose.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();
    private Task pumps = Task.CompletedTask;

    private EmulatorProcess(Process process)
    {
        this.process = process;
    }

    public static string CalendarDll => Path.Combine(TestContext.CurrentContext.TestDirectory, "calendar51.dll");

    /// <summary>Starts <c>dotnet calendar51.dll emulate ARGS</c> with every stream redirected (so: the plain view).</summary>
    public static EmulatorProcess StartEmulate(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { CalendarDll, "emulate" } };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Start(start);
    }

    /// <summary>Starts <c>dotnet calendar51.dll ARGS</c>, any command, with every stream redirected.</summary>
    public static EmulatorProcess StartCommand(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { CalendarDll } };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Start(start);
    }

    /// <summary>Starts a command line inside a pseudo-terminal made by util-linux <c>script</c>, so the program sees a terminal.</summary>
    public static EmulatorProcess StartInTerminal(string commandLine, int columns = 100, int rows = 30)
    {
        Assert.That(File.Exists("/usr/bin/script"), Is.True, "/usr/bin/script is missing: install the Debian package bsdutils (util-linux)");
        var start = new ProcessStartInfo("/usr/bin/script") { ArgumentList = { "-q", "-f", "-e", "-c", $"stty cols {columns} rows {rows}; exec {commandLine}", "/dev/null" } };
        start.Environment["TERM"] = "xterm-256color";
        return Start(start);
    }

    private static EmulatorProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        var child = new EmulatorProcess(process);
        process.Start();
        child.pumps = Task.WhenAll(Pump(process.StandardOutput, child.output), Pump(process.StandardError, child.errors));
        return child;
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int count;
        while ((count = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into) into.Append(buffer, 0, count);
        }
    }

    public string Output { get { lock (output) return output.ToString(); } }

    public string Errors { get { lock (errors) return errors.ToString(); } }

    /// <summary>Closes the child's stdin: the end of input.</summary>
    public void CloseInput() => process.StandardInput.Close();

    public void Send(string text)
    {
        process.StandardInput.Write(text);
        process.StandardInput.Flush();
    }

    /// <summary>Waits until stdout (escape sequences removed when <paramref name="stripAnsi"/>) matches; returns the match.</summary>
    public Match WaitForOutput(string pattern, TimeSpan timeout, bool stripAnsi = false)
    {
        var regex = new Regex(pattern);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            string text = stripAnsi ? StripAnsi(Output) : Output;
            var match = regex.Match(text);
            if (match.Success) return match;
            if (watch.Elapsed > timeout || process.HasExited)
            {
                Assert.Fail($"no /{pattern}/ in the emulator's output within {timeout.TotalSeconds} s"
                    + (process.HasExited ? $" (it exited with {process.ExitCode})" : "")
                    + $"\n--- stdout (last 2000 chars) ---\n{Tail(text)}\n--- stderr ---\n{Tail(Errors)}");
            }
            Thread.Sleep(20);
        }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the emulator did not exit within {timeout.TotalSeconds} s\n--- stdout ---\n{Tail(Output)}\n--- stderr ---\n{Tail(Errors)}");
        }
        process.WaitForExit();
        // The exit can be seen before the last output is read: Output and Errors are whole only after the pumps end.
        pumps.Wait(TimeSpan.FromSeconds(5));
        return process.ExitCode;
    }

    public static string StripAnsi(string text) => Regex.Replace(text, @"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78])", "");

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
        process.Dispose();
    }
}
