using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Differential;

/// <summary>
/// The translator against the interpreter: every corpus program and random instruction streams (with
/// and without interrupts) run on two cores side by side, one translating every PC it reaches (threshold
/// 1), one interpreting, stopped at many irregular points; the whole state must be the same at each.
/// </summary>
[TestFixture]
[Category("Differential")]
[Parallelizable(ParallelScope.Children)]
public class EngineEquivalenceTests
{
    private const long CorpusCycles = 3_000_000;
    private const int Checkpoints = 400;

    private static IEnumerable<TestCaseData> CorpusCases() =>
        from program in Corpus.ProgramNames()
        from part in PartProfile.All
        where Corpus.Supports(program, part)
        from compatibility in new[] { Compatibility.Manual, Compatibility.S51 }
        select new TestCaseData(program, part.Part, compatibility).SetName($"Engines_{program}_{part.Part}_{compatibility}");

    private static IEnumerable<TestCaseData> RandomCases() =>
        from part in PartProfile.All
        from seed in Enumerable.Range(1, 6)
        from interrupts in new[] { false, true }
        select new TestCaseData(part.Part, seed, interrupts).SetName($"Engines_random_{part.Part}_seed{seed}{(interrupts ? "_interrupts" : "")}");

    [TestCaseSource(nameof(CorpusCases))]
    public void CorpusProgramIsTheSameInBothEngines(string program, string partName, Compatibility compatibility)
    {
        var part = PartProfile.Get(partName);
        var image = Emulator.Hex.IntelHex.Load(Corpus.HexFor(program, part), PartSpec.Get(part.Part).CodeSize).Data;
        var translated = RunSideBySide(part, image, compatibility, CorpusCycles, seed: program.Length * 31 + partName.Length);
        Assert.That(translated, Is.GreaterThan(0), "the translator never ran: the comparison proves nothing");
    }

    [TestCaseSource(nameof(RandomCases))]
    public void RandomStreamIsTheSameInBothEngines(string partName, int seed, bool interrupts)
    {
        var part = PartProfile.Get(partName);
        var image = RandomProgram.Generate(part, seed, interrupts ? 300 : 150, includeA5: true, withInterrupts: interrupts);
        foreach (var compatibility in new[] { Compatibility.Manual, Compatibility.S51 })
        {
            RunSideBySide(part, image, compatibility, 200_000, seed);
        }
    }

    [Test]
    public void SteppingAndStoppingAtAPcGiveTheSameStatesInBothEngines()
    {
        var part = PartProfile.At89C52;
        var image = Emulator.Hex.IntelHex.Load(Corpus.HexFor("crc16_sort", part), PartSpec.Get(part.Part).CodeSize).Data;
        var interpreter = Create(part, image, Compatibility.Manual, ExecutionEngine.Interpreter);
        var translator = Create(part, image, Compatibility.Manual, ExecutionEngine.Translator);
        // Warm up so that the translator has regions, then alternate single steps and runs to a PC inside a loop.
        interpreter.Run(200_000);
        translator.Run(200_000);
        AssertSame(interpreter, translator, "after warming up");
        var random = new Random(7);
        for (int round = 0; round < 200; round++)
        {
            for (int step = random.Next(1, 20); step > 0; step--)
            {
                Assert.That(translator.Step(), Is.EqualTo(interpreter.Step()), $"round {round}: cycles of a step");
            }
            AssertSame(interpreter, translator, $"round {round}, after steps");
            int target = interpreter.PC + random.Next(1, 12);
            var expected = interpreter.Run(interpreter.Cycles + 5_000, target);
            var actual = translator.Run(translator.Cycles + 5_000, target);
            Assert.That(actual, Is.EqualTo(expected), $"round {round}: stop reason running to {target:X4}");
            AssertSame(interpreter, translator, $"round {round}, after running to {target:X4}");
        }
        Assert.That(translator.TranslatedRegions, Is.GreaterThan(0));
    }

    /// <summary>Runs both engines to the same irregular sequence of cycle limits; returns the regions translated.</summary>
    private static int RunSideBySide(PartProfile part, byte[] image, Compatibility compatibility, long cycles, int seed)
    {
        var interpreter = Create(part, image, compatibility, ExecutionEngine.Interpreter);
        var translator = Create(part, image, compatibility, ExecutionEngine.Translator);
        var random = new Random(seed);
        long limit = 0;
        for (int checkpoint = 0; checkpoint < Checkpoints && limit < cycles; checkpoint++)
        {
            // Mostly short hops (inside loops), now and then a long one.
            limit += random.Next(8) == 0 ? random.Next(1, (int)(cycles / 20)) : random.Next(1, 300);
            var expected = interpreter.Run(limit);
            var actual = translator.Run(limit);
            Assert.That(actual, Is.EqualTo(expected), $"{compatibility}: stop reason at the run to cycle {limit}");
            AssertSame(interpreter, translator, $"{compatibility}: run to cycle {limit}");
            if (expected is StopReason.SelfJump or StopReason.PowerDown) break;
        }
        return translator.TranslatedRegions;
    }

    private static Mcs51 Create(PartProfile part, byte[] image, Compatibility compatibility, ExecutionEngine engine)
    {
        var spec = PartSpec.Get(part.Part);
        var cpu = new Mcs51(spec, compatibility) { Engine = engine, TranslationThreshold = 1 };
        cpu.LoadCode(image.AsSpan(0, Math.Min(image.Length, spec.CodeSize)));
        return cpu;
    }

    private static void AssertSame(Mcs51 interpreter, Mcs51 translator, string where)
    {
        string expected = StateDump.ToJson(interpreter), actual = StateDump.ToJson(translator);
        if (expected == actual) return;
        var differences = MachineState.FromJson(expected, "interpreter").DifferencesFrom(
            MachineState.FromJson(actual, "translator"), Sfr.For(interpreter.Part).Select(s => s.Name));
        Assert.Fail($"{where}: the translator differs from the interpreter:\n  {string.Join("\n  ", differences)}");
    }
}
