using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Differential;

/// <summary>Random bytes as code memory: the core must neither crash nor hang, on every part.</summary>
[TestFixture]
[Category("Fuzz")]
public class FuzzTests
{
    private const long CyclesPerRun = 200_000;
    private const int SeedsPerPart = 40;

    private static IEnumerable<TestCaseData> Cases() =>
        from part in PartSpec.All
        select new TestCaseData(part.Name).SetName($"RandomCodeNeitherCrashesNorHangs_{part.Name}");

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(60_000)]
    public void RandomCodeNeitherCrashesNorHangs(string partName)
    {
        var part = PartSpec.Get(partName);
        for (var seed = 1; seed <= SeedsPerPart; seed++)
        {
            var code = new byte[part.CodeSize];
            new Random(seed).NextBytes(code);
            var cpu = new Mcs51(part);
            cpu.LoadCode(code);

            var reason = cpu.Run(CyclesPerRun);

            var where = $"{partName} seed {seed}: stopped ({reason}) at PC 0x{cpu.PC:X4} after {cpu.Cycles} cycles";
            // The same code on a fresh core ends in the same state: no hidden or shared state.
            var again = new Mcs51(part);
            again.LoadCode(code);
            Assert.That(again.Run(CyclesPerRun), Is.EqualTo(reason), where);
            Assert.That(StateDump.ToJson(again), Is.EqualTo(StateDump.ToJson(cpu)), where);
            switch (reason)
            {
                case StopReason.MaxCycles:
                    // The limit is checked at instruction boundaries: at most one 4-cycle instruction
                    // plus a 2-cycle interrupt call past it.
                    Assert.That(cpu.Cycles, Is.InRange(CyclesPerRun, CyclesPerRun + 6), where);
                    break;
                case StopReason.SelfJump:
                    Assert.That(cpu.Cycles, Is.LessThanOrEqualTo(CyclesPerRun + 6), where);
                    Assert.That(JumpTarget(cpu.CodeMemory, cpu.PC), Is.EqualTo(cpu.PC), $"{where}: the instruction there does not jump to itself");
                    break;
                case StopReason.PowerDown:
                    Assert.That(cpu.Cycles, Is.LessThanOrEqualTo(CyclesPerRun + 6), where);
                    Assert.That(cpu.PeekDirect(Sfr.PCON) & 0x02, Is.EqualTo(0x02), $"{where}: PCON.PD is not set");
                    break;
                default:
                    Assert.Fail($"{where}: no --until-pc was given");
                    break;
            }
        }
    }

    /// <summary>Where SJMP, AJMP or LJMP at <paramref name="pc"/> goes; -1 for any other instruction.</summary>
    private static int JumpTarget(ReadOnlySpan<byte> code, int pc)
    {
        Span<byte> bytes = [0xFF, 0xFF, 0xFF]; // past the part's flash the core reads FFh
        for (int i = 0; i < 3 && pc + i < code.Length; i++) bytes[i] = code[pc + i];
        if (bytes[0] == 0x80) return (pc + 2 + (sbyte)bytes[1]) & 0xFFFF;
        if (bytes[0] == 0x02) return (bytes[1] << 8) | bytes[2];
        if ((bytes[0] & 0x1F) == 0x01) return ((pc + 2) & 0xF800) | ((bytes[0] >> 5) << 8) | bytes[1];
        return -1;
    }
}
