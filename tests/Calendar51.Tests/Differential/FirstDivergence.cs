using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Disassembly;
using Calendar51.Emulator.Hex;

namespace Calendar51.Tests.Differential;

/// <summary>
/// When a run ends differently on s51 and on our core, finds by bisection the first instruction
/// after which the two states differ, so a failure names the instruction rather than the outcome.
/// </summary>
public static class FirstDivergence
{
    public static string Describe(PartProfile part, string hexPath, long instructionsOnS51, TimeSpan s51Timeout)
    {
        var image = IntelHex.Load(hexPath, part.CodeSize).Data.AsSpan(0, part.CodeSize).ToArray();
        var low = 0L;                       // states agree after this many instructions (reset)
        var high = instructionsOnS51;       // and are known to differ after this many
        var steps = 0;
        while (high - low > 1 && steps++ < 40)
        {
            var middle = low + (high - low) / 2;
            if (Differences(part, hexPath, image, middle, s51Timeout).Count == 0)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        var before = RunOurs(part, image, low);
        var pc = before.PC;
        var instruction = Disassembler.Disassemble(before.CodeMemory[pc..], pc, out var length);
        var bytes = Convert.ToHexString(before.CodeMemory.Slice(pc, Math.Min(length, before.CodeMemory.Length - pc)));
        var after = Differences(part, hexPath, image, high, s51Timeout);
        return $"first divergence at instruction #{high}: 0x{pc:X4}  {bytes,-8} {instruction}"
            + $"  (before it: A=0x{before.PeekDirect(0xE0):X2} B=0x{before.PeekDirect(0xF0):X2} PSW=0x{before.PeekDirect(0xD0):X2} SP=0x{before.PeekDirect(0x81):X2} cycles={before.Cycles})\n    "
            + string.Join("\n    ", after.Take(20));
    }

    private static IReadOnlyList<string> Differences(PartProfile part, string hexPath, byte[] image, long instructions, TimeSpan s51Timeout)
    {
        var reference = S51.Run(part, hexPath, instructions, s51Timeout).State;
        var ours = MachineState.FromJson(StateDump.ToJson(RunOurs(part, image, instructions)), "our core");
        return reference.DifferencesFrom(ours, part.ComparedSfrs);
    }

    private static Mcs51 RunOurs(PartProfile part, byte[] image, long instructions)
    {
        var cpu = OurCore.Create(part, image);
        for (var i = 0L; i < instructions; i++)
        {
            cpu.Step();
        }
        return cpu;
    }
}
