namespace Calendar51.Emulator.Cpu;

/// <summary>How the core executes code: both give the same state at every instruction boundary.</summary>
public enum ExecutionEngine
{
    /// <summary>
    /// Hot straight-line code is translated once into .NET code (one method per region of basic
    /// blocks, machine cycles summed per block) and interpreted everywhere else (the default). Where
    /// the runtime cannot compile code (a NativeAOT build) it is the interpreter.
    /// </summary>
    Translator,

    /// <summary>One opcode switch per instruction, nothing translated: the reference the translator is checked against.</summary>
    Interpreter,
}
