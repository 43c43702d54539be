using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;

namespace Calendar51.Host;

/// <summary>
/// `calendar51 --help` lists each command on one line: its usage (optional arguments in brackets) and
/// the first sentence of its description. The rest (details, exit codes) stays in `COMMAND --help`,
/// which System.CommandLine's own help still prints.
/// </summary>
public sealed partial class CommandListHelp(RootCommand root, CommandLineAction commandHelp) : SynchronousCommandLineAction
{
    public static void Apply(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().FirstOrDefault();
        if (option?.Action is { } commandHelp) option.Action = new CommandListHelp(root, commandHelp);
    }

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command != root)
            return commandHelp is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : 0;
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(root.Description);
        output.WriteLine();
        output.WriteLine("Usage: calendar51 COMMAND [options]    (calendar51 COMMAND --help: its options and exit codes)");
        output.WriteLine();
        output.WriteLine("Commands:");
        var rows = root.Subcommands.Where(c => !c.Hidden).Select(c => (Usage: Usage(c), Text: FirstSentence(c.Description))).ToList();
        int width = rows.Max(r => r.Usage.Length) + 2;
        foreach (var (usage, text) in rows) output.WriteLine($"  {usage.PadRight(width)}{text}");
        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine("  -h, --help  this list; after a command, that command's help");
        output.WriteLine("  --version   the program's version");
        return 0;
    }

    /// <summary>"emulate [&lt;file&gt;]", "run &lt;file&gt;", "board-diagram [&lt;board&gt;...]".</summary>
    public static string Usage(Command command) =>
        string.Join(' ', command.Arguments.Where(a => !a.Hidden).Select(a =>
        {
            string label = $"<{a.Name}>" + (a.Arity.MaximumNumberOfValues > 1 ? "..." : "");
            return a.Arity.MinimumNumberOfValues == 0 ? $"[{label}]" : label;
        }).Prepend(command.Name));

    /// <summary>The first sentence of the description's first line ("e.g." does not end one).</summary>
    public static string FirstSentence(string? description)
    {
        string text = (description ?? "").Trim();
        int newline = text.IndexOf('\n');
        if (newline >= 0) text = text[..newline];
        text = Whitespace().Replace(text, " ").Trim();
        for (int end = text.IndexOf(". ", StringComparison.Ordinal); end >= 0; end = text.IndexOf(". ", end + 1, StringComparison.Ordinal))
        {
            if (!text[..end].EndsWith("e.g", StringComparison.Ordinal) && !text[..end].EndsWith("i.e", StringComparison.Ordinal)) return text[..(end + 1)];
        }
        return text;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
