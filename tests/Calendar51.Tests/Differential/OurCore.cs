using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Differential;

/// <summary>
/// Runs a HEX file on our core exactly as <c>calendar51 run FILE --part P --max-cycles N --dump-state</c>
/// does with <c>--compat s51</c> (same loader, same Run, same JSON): the core then reproduces s51's
/// departures from the Intel MCS-51 manual (README.md, "Differences from s51"), with the translator
/// taking every PC it reaches.
/// The command line itself is covered by CommandLine/RunCommandTests.
/// </summary>
public static class OurCore
{
    public sealed record Outcome(MachineState State, string StopReason);

    public static Outcome Run(PartProfile part, string hexPath, long maxCycles)
    {
        var cpu = Create(part, IntelHex.Load(hexPath, PartSpec.Get(part.Part).CodeSize).Data);
        var reason = cpu.Run(maxCycles);
        return new Outcome(MachineState.FromJson(StateDump.ToJson(cpu), $"our core on {hexPath}"), reason.ToString());
    }

    /// <summary>A core of the part in s51 compatibility with the image loaded.</summary>
    public static Mcs51 Create(PartProfile part, ReadOnlySpan<byte> image)
    {
        var spec = PartSpec.Get(part.Part);
        // Every PC translated at its first arrival: the comparison with s51 covers the translator too (the default engine).
        var cpu = new Mcs51(spec, Compatibility.S51) { TranslationThreshold = 1 };
        cpu.LoadCode(image[..Math.Min(image.Length, spec.CodeSize)]);
        return cpu;
    }
}
