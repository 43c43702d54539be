using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Debugging;

/// <summary>Why the debugger stopped the board.</summary>
public enum StopCause { Entry, Breakpoint, Step, Pause, DataBreakpoint, PowerDown }

/// <summary>A stop: its cause, where, and for a data breakpoint which byte was written.</summary>
public sealed record DebugStop(StopCause Cause, int Pc, int WrittenCell = -1);

/// <summary>
/// Runs a board under a debugger: code breakpoints by address, data breakpoints on writes to
/// bytes, stepping by instruction, over and into C lines, out of a function (by the 8051 stack:
/// a RET that takes SP below where it was), and pause. Not thread-safe: every method runs on the
/// thread that runs the board. Without breakpoints, watches or a step, <see cref="Advance"/> runs
/// the board at full speed; otherwise it steps instruction by instruction and checks each PC.
/// </summary>
public sealed class DebugEngine
{
    private enum Mode { Stopped, Running, StepInstruction, StepIn, StepOver, StepOut }

    private readonly VirtualBoard board;
    private readonly bool[] codeBreakpoints = new bool[65536];
    private readonly Dictionary<string, int[]> breakpointGroups = [];
    private readonly HashSet<int> watchedCells = [];
    private Mode mode = Mode.Stopped;
    private bool resuming;
    private int breakpointCount;
    // The step in progress: the line it started on, and the stack depth it may stop at.
    private CdbLine? stepLine;
    private int stepLineStart = -1;
    private int stepSpLimit;

    public DebugEngine(VirtualBoard board, DebugSymbols? symbols)
    {
        this.board = board;
        Symbols = symbols;
        board.Cpu.InterruptTaken += (_, _) =>
        {
            // A step does not stop inside an interrupt handler that cut in: it waits for the RETI.
            // The entry has pushed the return address: SP - 2 is where the interrupted code was.
            if (mode is Mode.StepIn or Mode.StepOver) stepSpLimit = Math.Min(stepSpLimit, board.Cpu.PeekDirect(Sfr.SP) - 2);
        };
    }

    public DebugSymbols? Symbols { get; }

    /// <summary>The last stop (null while never stopped).</summary>
    public DebugStop? LastStop { get; private set; }

    public bool IsStopped => mode == Mode.Stopped;

    /// <summary>Raised (on the board's thread) whenever the engine stops.</summary>
    public event Action<DebugStop>? Stopped;

    /// <summary>Replaces one group of code breakpoints (a source file's lines, the function breakpoints, …).</summary>
    public void SetBreakpoints(string group, IEnumerable<int> addresses)
    {
        breakpointGroups[group] = [.. addresses.Select(a => a & 0xFFFF).Distinct()];
        Array.Clear(codeBreakpoints);
        breakpointCount = 0;
        foreach (var address in breakpointGroups.Values.SelectMany(a => a))
        {
            if (!codeBreakpoints[address]) breakpointCount++;
            codeBreakpoints[address] = true;
        }
    }

    /// <summary>Replaces the data breakpoints: stop after an instruction writes any of these <see cref="MemoryCell"/>s.</summary>
    public void SetDataBreakpoints(IEnumerable<int> cells)
    {
        watchedCells.Clear();
        watchedCells.UnionWith(cells);
    }

    /// <summary>Stops where the board is (before it runs: the entry stop).</summary>
    public void Halt(StopCause cause) => Stop(cause);

    public void Continue() => Resume(Mode.Running);

    public void StepInstruction() => Resume(Mode.StepInstruction);

    /// <summary>Runs to the next C line at this depth or above (calls run through).</summary>
    public void StepOver() => Resume(Symbols is null ? Mode.StepInstruction : Mode.StepOver);

    /// <summary>Runs to the next C line, entering calls.</summary>
    public void StepIn() => Resume(Symbols is null ? Mode.StepInstruction : Mode.StepIn);

    /// <summary>Runs until a RET or RETI takes SP below its value now: the current function has returned.</summary>
    public void StepOut() => Resume(Mode.StepOut);

    public void Pause()
    {
        if (mode != Mode.Stopped) Stop(StopCause.Pause);
    }

    private void Resume(Mode next)
    {
        var cpu = board.Cpu;
        mode = next;
        resuming = true;
        stepLine = Symbols?.LineAt(cpu.PC);
        stepLineStart = stepLine?.Address ?? -1;
        // Stepping over from code without a C line (the start-up code, which moves SP up) runs to the first C line at any depth.
        int sp = cpu.PeekDirect(Sfr.SP);
        stepSpLimit = next == Mode.StepIn || (next == Mode.StepOver && stepLine is null) ? int.MaxValue : sp;
    }

    /// <summary>
    /// Runs the board until machine cycle <paramref name="untilCycle"/> or a stop. Returns false when
    /// the engine is (or just became) stopped, so the caller stops advancing time.
    /// </summary>
    public bool Advance(long untilCycle)
    {
        if (mode == Mode.Stopped) return false;
        var cpu = board.Cpu;
        if (mode == Mode.Running && breakpointCount == 0 && watchedCells.Count == 0)
        {
            if (board.RunUntil(untilCycle) == StopReason.PowerDown) Stop(StopCause.PowerDown);
            resuming = false;
            return mode != Mode.Stopped;
        }
        Span<int> written = stackalloc int[2];
        var code = cpu.CodeMemory;
        while (cpu.Cycles < untilCycle)
        {
            if (cpu.IsHeldInReset)
            {
                // Nothing executes while the board holds RST (power-on, an ISP bootloader): let that time pass.
                board.RunUntil(Math.Min(untilCycle, cpu.ResetHeldUntil));
                continue;
            }
            int pc = cpu.PC;
            if (codeBreakpoints[pc] && !resuming)
            {
                Stop(StopCause.Breakpoint);
                return false;
            }
            resuming = false;
            int hit = -1;
            if (watchedCells.Count > 0)
            {
                int count = WriteTargets.Of(cpu, written);
                for (int i = 0; i < count; i++)
                {
                    if (watchedCells.Contains(written[i])) hit = written[i];
                }
            }
            int opcode = pc < code.Length ? code[pc] : 0xFF;
            if (board.RunUntil(cpu.Cycles + 1) == StopReason.PowerDown)
            {
                Stop(StopCause.PowerDown);
                return false;
            }
            if (hit >= 0)
            {
                Stop(StopCause.DataBreakpoint, hit);
                return false;
            }
            if (StepDone(opcode))
            {
                Stop(StopCause.Step);
                return false;
            }
        }
        return true;
    }

    private bool StepDone(int opcode)
    {
        var cpu = board.Cpu;
        switch (mode)
        {
            case Mode.StepInstruction: return true;
            case Mode.StepOut: return opcode is 0x22 or 0x32 && cpu.PeekDirect(Sfr.SP) < stepSpLimit;
            case Mode.StepIn:
            case Mode.StepOver:
                {
                    int pc = cpu.PC;
                    int sp = cpu.PeekDirect(Sfr.SP);
                    // Back out of an interrupt handler (or a call) that was being run through.
                    if (mode == Mode.StepIn && opcode == 0x32 && sp <= stepSpLimit) stepSpLimit = int.MaxValue;
                    if (sp > stepSpLimit || !Symbols!.LineStarts.Contains(pc)) return false;
                    var line = Symbols.LineAt(pc);
                    if (line is null) return false;
                    // A new line, or the start of the same line again (a loop on one line).
                    return stepLine is null || line.Line != stepLine.Line || line.File != stepLine.File || pc == stepLineStart;
                }
            default: return false;
        }
    }

    private void Stop(StopCause cause, int cell = -1)
    {
        mode = Mode.Stopped;
        var stop = new DebugStop(cause, board.Cpu.PC, cell);
        LastStop = stop;
        Stopped?.Invoke(stop);
    }
}
