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
            Assert.That(cpu.PC, Is.InRange(0, 0xFFFF), where);
            switch (reason)
            {
                case StopReason.MaxCycles:
                    // The limit is checked at instruction boundaries: at most one 4-cycle instruction
                    // plus a 2-cycle interrupt call past it.
                    Assert.That(cpu.Cycles, Is.InRange(CyclesPerRun, CyclesPerRun + 6), where);
                    break;
                case StopReason.SelfJump or StopReason.PowerDown:
                    Assert.That(cpu.Cycles, Is.LessThanOrEqualTo(CyclesPerRun + 6), where);
                    break;
                default:
                    Assert.Fail($"{where}: no --until-pc was given");
                    break;
            }
        }
    }
}
