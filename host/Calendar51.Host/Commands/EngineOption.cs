using System.CommandLine;
using Calendar51.Emulator.Cpu;

namespace Calendar51.Host.Commands;

/// <summary>
/// <c>--engine translator|interpreter</c> of run, emulate and scenario: how the core executes code.
/// Both give the same state at every instruction boundary; the interpreter is there to compare.
/// </summary>
internal static class EngineOption
{
    public const string Translator = "translator";
    public const string Interpreter = "interpreter";

    public static Option<string> Create()
    {
        var option = new Option<string>("--engine")
        {
            Description = "How the core executes code: translator (hot code translated to .NET once, the default) or interpreter "
                          + "(one instruction at a time, to compare); both give the same results",
            DefaultValueFactory = _ => Translator,
        };
        option.AcceptOnlyFromAmong(Translator, Interpreter);
        return option;
    }

    /// <summary>The engine asked for (the parser has already refused any other name).</summary>
    public static ExecutionEngine Get(ParseResult parseResult, Option<string> option) =>
        parseResult.GetRequiredValue(option) == Interpreter ? ExecutionEngine.Interpreter : ExecutionEngine.Translator;

    /// <summary>The command-line name of <paramref name="engine"/>.</summary>
    public static string Name(ExecutionEngine engine) => engine == ExecutionEngine.Interpreter ? Interpreter : Translator;

    /// <summary>The engine named <paramref name="name"/>: translator or interpreter, in any case.</summary>
    public static bool TryParse(string name, out ExecutionEngine engine)
    {
        bool interpreter = name.Equals(Interpreter, StringComparison.OrdinalIgnoreCase);
        engine = interpreter ? ExecutionEngine.Interpreter : ExecutionEngine.Translator;
        return interpreter || name.Equals(Translator, StringComparison.OrdinalIgnoreCase);
    }
}
