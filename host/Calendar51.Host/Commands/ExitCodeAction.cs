using System.CommandLine;
using System.CommandLine.Invocation;

namespace Calendar51.Host.Commands;

/// <summary>
/// A command action that also owns the command's parse errors, so a malformed option ends with the
/// command's documented "bad input" exit code instead of the parser's generic 1.
/// </summary>
public sealed class ExitCodeAction(Func<ParseResult, int> run, int badInputExitCode) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        // Unknown options are not always among the errors once the action clears them: refuse them explicitly.
        if (parseResult.Errors.Count > 0 || parseResult.UnmatchedTokens.Count > 0)
        {
            var error = parseResult.InvocationConfiguration.Error;
            foreach (var problem in parseResult.Errors)
            {
                error.WriteLine(problem.Message);
            }
            foreach (var token in parseResult.UnmatchedTokens.Where(t => !parseResult.Errors.Any(e => e.Message.Contains($"'{t}'", StringComparison.Ordinal))))
            {
                error.WriteLine($"Unrecognized command or argument '{token}'.");
            }
            error.WriteLine($"See '{parseResult.CommandResult.Command.Name} --help'.");
            return badInputExitCode;
        }
        return run(parseResult);
    }
}
