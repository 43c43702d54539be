using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Differential;

/// <summary>
/// Runs a HEX file on our core exactly as <c>calendar51 run FILE --part P --max-cycles N --dump-state</c>
/// does (same loader, same Run, same JSON), with the one s51 deviation the comparison allows for:
/// s51 counts the hardware LCALL into an interrupt handler as one machine cycle where the Intel
/// MCS-51 manual (interrupt response time) gives two (README.md, "Interrupt entry").
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

    /// <summary>A core of the part with the image loaded and interrupt entry counted as s51 counts it.</summary>
    public static Mcs51 Create(PartProfile part, ReadOnlySpan<byte> image)
    {
        var spec = PartSpec.Get(part.Part);
        var cpu = new Mcs51(spec) { InterruptEntryCycles = S51InterruptEntryCycles };
        cpu.LoadCode(image[..Math.Min(image.Length, spec.CodeSize)]);
        return cpu;
    }

    public const int S51InterruptEntryCycles = 1;
}
