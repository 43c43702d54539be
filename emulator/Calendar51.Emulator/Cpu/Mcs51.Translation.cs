using System.Runtime.CompilerServices;

namespace Calendar51.Emulator.Cpu;

/// <summary>
/// The translator's side of the hot loop: a PC the interpreter reaches often enough becomes the entry
/// of a translated region (<see cref="RegionCompiler"/>), which the loop runs instead of the next
/// instructions whenever the region's guard allows. Code memory only changes through
/// <see cref="LoadCode"/>, which forgets every region.
/// </summary>
public sealed partial class Mcs51
{
    /// <summary>How many times the interpreter starts at a PC before a region is translated from it.</summary>
    internal const int DefaultTranslationThreshold = 32;

    private RegionCode?[]? regions;
    private byte[]? entryHeat;
    private RegionCompiler? regionCompiler;
    private bool translationTablesStale = true;

    /// <summary>Arrivals at a PC before it is translated (1: at once; tests use it to translate everything).</summary>
    internal int TranslationThreshold { get; set; } = DefaultTranslationThreshold;

    /// <summary>Times translated code ran since the core was made (for tests: proof that the translator was used).</summary>
    internal long RegionRuns { get; private set; }

    /// <summary>Name of the environment variable that, set to <c>interpreter</c>, makes every core in the process interpret (to run a whole test suite on the interpreter).</summary>
    public const string EngineVariable = "CALENDAR51_ENGINE";

    /// <summary>
    /// Whether cores in this process translate at all: a JIT to compile with (not a NativeAOT build)
    /// and <see cref="EngineVariable"/> not set to <c>interpreter</c>. Where not, the translator engine interprets.
    /// </summary>
    public static bool CanTranslate { get; } =
        RuntimeFeature.IsDynamicCodeCompiled
        && !string.Equals(Environment.GetEnvironmentVariable(EngineVariable), "interpreter", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this run may use translated code: the translator chosen and possible, and none of s51's lingering PSW departures (stepped one at a time).</summary>
    private bool TranslationEnabled => Engine == ExecutionEngine.Translator && CanTranslate && !S51SteppingNeeded;

    private void ForgetTranslations()
    {
        translationTablesStale = true;
    }

    /// <summary>
    /// Runs translated code from PC if there is a region for it and its guard allows, processing what
    /// the interpreter processes after an instruction; otherwise counts the arrival. Returns false if
    /// nothing ran (the interpreter executes the next instruction).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryRunTranslated(int untilPc)
    {
        var table = regions!;
        if ((uint)pc >= (uint)table.Length) return false;   // past the flash: erased, left to the interpreter
        var region = table[pc];
        if (region is null)
        {
            byte heat = entryHeat![pc];
            if (heat < TranslationThreshold && ++entryHeat[pc] >= TranslationThreshold) Translate(pc);
            return false;
        }
        var outcome = region(this, untilPc);
        if (outcome == RegionOutcome.NothingRan) return false;
        RegionRuns++;
        if (outcome == RegionOutcome.EndedAfterTranslatedCode)
        {
            // What the interpreter does after every instruction; an interpreted last instruction did it itself.
            if (nextEventCycle < cycles) ProcessEventsThrough(cycles - 1);
            if (interruptCheckNeeded) PollInterrupts();
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Translate(int entry)
    {
#pragma warning disable IL3050 // guarded by RuntimeFeature.IsDynamicCodeCompiled in CanTranslate
        regions![entry] = regionCompiler!.Compile(entry);
#pragma warning restore IL3050
    }

    /// <summary>
    /// Takes the regions of this code image from <see cref="TranslationCache"/> (shared by every core
    /// that runs the same image, as the boards of a test suite do), after a load of code.
    /// </summary>
    private void EnsureTranslationTables()
    {
        if (!translationTablesStale) return;
        translationTablesStale = false;
        regions = TranslationCache.RegionsFor(CodeMemory, iramIndirectLimit);
        entryHeat ??= new byte[regions.Length];
        Array.Clear(entryHeat);
        regionCompiler = new RegionCompiler(code, iramIndirectLimit);
    }
}
