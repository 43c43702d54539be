namespace Calendar51.Tests;

/// <summary>Runs the calendar51 command line in process and keeps what it printed on each stream.</summary>
internal static class CliCapture
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Calendar51.Host.Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
