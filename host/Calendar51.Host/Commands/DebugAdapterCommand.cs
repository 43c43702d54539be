using System.CommandLine;
using Calendar51.Host.Debugging;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>calendar51 debug-adapter</c>: a Debug Adapter Protocol server on stdin/stdout for VS Code or any
/// DAP client; the program, board and symbols come with the <c>launch</c> request. Exit codes: 0 the
/// client disconnected or closed stdin; 2 the input broke the protocol's framing (said on stderr).
/// </summary>
public static class DebugAdapterCommand
{
    public static Command Create()
    {
        var command = new Command("debug-adapter",
            "Speak the Debug Adapter Protocol on stdin/stdout, for VS Code or any DAP client.\n\nBreakpoints on C lines, steps, "
            + "variables, memory and disassembly of a HEX on a virtual board (launch arguments: program, symbols, board, part, time, stopOnEntry, web, speed, sourceDirectory, engine).\n\n"
            + "Exit codes: 0 the client disconnected or closed stdin; 2 the input broke the protocol's framing (said on stderr).");
        command.SetAction(parseResult =>
        {
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            using var session = new DapSession(input, output, parseResult.InvocationConfiguration.Error);
            return session.Run();
        });
        return command;
    }
}
