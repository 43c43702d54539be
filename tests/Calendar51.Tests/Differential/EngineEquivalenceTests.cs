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
    /// <summary>Nothing to compare where the process interprets everything (CALENDAR51_ENGINE=interpreter, or no JIT).</summary>
    [SetUp]
    public void RequireTheTranslator()
    {
        if (!Mcs51.CanTranslate) Assert.Ignore($"{Mcs51.EngineVariable}=interpreter or no JIT: every core interprets, there is no translator to compare");
    }

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
        Assert.That(translator.RegionRuns, Is.GreaterThan(0));
    }

    /// <summary>
    /// Timer 0 overflows while EA is clear; SETB EA then leaves the request pending for one more
    /// instruction (no interrupt right after a write to IE), which lies in translated code: the
    /// region must hand the poll after it back to the interpreter, or the interrupt is never taken.
    /// </summary>
    [Test]
    public void ARequestLeftPendingByAnInterpretedInstructionIsTakenAfterTheNextTranslatedOne()
    {
        byte[] program =
        [
            0x02, 0x00, 0x30,                   // 0000 LJMP 0030h
            .. new byte[8],
            0x0F, 0x32,                         // 000B T0: INC R7; RETI
            .. new byte[0x30 - 0x0D],
            0x75, 0x89, 0x02,                   // 0030 MOV TMOD,#02h (timer 0, 8-bit auto-reload)
            0x75, 0x8C, 0xF0,                   //      MOV TH0,#F0h
            0x75, 0x8A, 0xF0,                   //      MOV TL0,#F0h
            0xD2, 0x8C,                         //      SETB TR0
            0xD2, 0xA9,                         //      SETB ET0
            0xD2, 0xAF,                         // 003D SETB EA
            0x00, 0x00, 0x00, 0x00, 0x00,       //      NOP x5
            0xC2, 0xAF,                         //      CLR EA
            .. Enumerable.Repeat((byte)0x00, 40), //    NOP x40 (TF0 rises here)
            0x80, 0xCD,                         //      SJMP 003Dh
        ];
        var (interpreter, _) = RunInLockstep(program, Compatibility.Manual, 20_000, _ => 20_000);
        Assert.That(interpreter.InternalRam[7], Is.GreaterThan(10), "the interpreter takes the timer interrupts");
    }

    /// <summary>
    /// A port line toggled as fast as the core can (CLR/SETB on a port bit takes the short way from
    /// translated code) under timer interrupts: an interrupt taken right after the write pushes the
    /// return address, and the region must see the new SP. (With the manual's timing a flag raised in
    /// a one-cycle instruction waits for the next one; s51 takes it at once.)
    /// </summary>
    [TestCase(Compatibility.Manual)]
    [TestCase(Compatibility.S51)]
    public void AnInterruptRightAfterATranslatedPortBitWriteSeesTheStack(Compatibility compatibility)
    {
        byte[] program =
        [
            0x02, 0x00, 0x30,                   // 0000 LJMP 0030h
            .. new byte[8],
            0x0F, 0x32,                         // 000B T0: INC R7; RETI
            .. new byte[0x30 - 0x0D],
            0x75, 0x89, 0x02,                   // 0030 MOV TMOD,#02h
            0x75, 0x8C, 0xF3,                   //      MOV TH0,#F3h (13 cycles: never a multiple of the loop)
            0x75, 0x8A, 0xF3,                   //      MOV TL0,#F3h
            0x75, 0xA8, 0x82,                   //      MOV IE,#82h (EA, ET0)
            0xD2, 0x8C,                         //      SETB TR0
            0xD2, 0x90,                         // 003E SETB P1.0
            0xC2, 0x90,                         //      CLR P1.0
            0x05, 0x30,                         //      INC 30h
            0x80, 0xF8,                         //      SJMP 003Eh
        ];
        var (interpreter, _) = RunInLockstep(program, compatibility, 50_000, random => random.Next(1, 200), seed: 3);
        Assert.That(interpreter.InternalRam[7], Is.Not.Zero, "the interrupts were taken");
    }

    /// <summary>
    /// Delay loops (DJNZ R7,$ and DJNZ 30h,$, run in one step by the translator) under timer
    /// interrupts, stopped at every few cycles: each pass must end where the interpreter's does.
    /// </summary>
    [TestCase(Compatibility.Manual)]
    [TestCase(Compatibility.S51)]
    public void DelayLoopsStopAndAreInterruptedWhereTheInterpreterIs(Compatibility compatibility)
    {
        byte[] program =
        [
            0x02, 0x00, 0x30,                   // 0000 LJMP 0030h
            .. new byte[8],
            0x0E, 0x32,                         // 000B T0: INC R6; RETI
            .. new byte[0x30 - 0x0D],
            0x75, 0x89, 0x02,                   // 0030 MOV TMOD,#02h
            0x75, 0x8C, 0x9D,                   //      MOV TH0,#9Dh (99 cycles)
            0x75, 0x8A, 0x9D,                   //      MOV TL0,#9Dh
            0x75, 0xA8, 0x82,                   //      MOV IE,#82h
            0xD2, 0x8C,                         //      SETB TR0
            0x7F, 0x00,                         // 003E MOV R7,#0 (256 passes)
            0xDF, 0xFE,                         //      DJNZ R7,$
            0x75, 0x30, 0x05,                   //      MOV 30h,#5
            0xD5, 0x30, 0xFD,                   //      DJNZ 30h,$
            0x7F, 0x01,                         //      MOV R7,#1 (one pass)
            0xDF, 0xFE,                         //      DJNZ R7,$
            0x05, 0x31,                         //      INC 31h
            0x80, 0xEE,                         //      SJMP 003Eh
        ];
        var (interpreter, _) = RunInLockstep(program, compatibility, 40_000, random => random.Next(8) == 0 ? random.Next(1, 3000) : random.Next(1, 7), seed: 5);
        Assert.That(interpreter.InternalRam[0x31], Is.GreaterThan(10), "the loops ran through");
    }

    /// <summary>A run without a limit (Run(long.MaxValue)) through delay loops to a self-jump: the passes that fit are counted without overflowing.</summary>
    [Test]
    public void DelayLoopsRunToTheEndWithoutALimit()
    {
        byte[] program =
        [
            0x7F, 0x00,                         // 0000 MOV R7,#0
            0xDF, 0xFE,                         //      DJNZ R7,$
            0x05, 0x30,                         //      INC 30h
            0xE5, 0x30,                         //      MOV A,30h
            0xB4, 0x03, 0xF5,                   //      CJNE A,#3,0000h
            0x80, 0xFE,                         //      SJMP $
        ];
        var interpreter = Create(PartProfile.At89C52, program, Compatibility.Manual, ExecutionEngine.Interpreter);
        var translator = Create(PartProfile.At89C52, program, Compatibility.Manual, ExecutionEngine.Translator);
        Assert.That(interpreter.Run(long.MaxValue), Is.EqualTo(StopReason.SelfJump));
        Assert.That(translator.Run(long.MaxValue), Is.EqualTo(StopReason.SelfJump));
        AssertSame(interpreter, translator, "at the self-jump");
        Assert.That(translator.RegionRuns, Is.GreaterThan(0));
    }

    /// <summary>A PSW write (interpreted) switches the register bank under translated code that uses R0.</summary>
    [Test]
    public void ABankSwitchByAnInterpretedInstructionReachesTheTranslatedCodeAfterIt()
    {
        byte[] program =
        [
            0x78, 0x11,                         // 0000 MOV R0,#11h   (bank 0)
            0x75, 0xD0, 0x08,                   //      MOV PSW,#08h  (bank 1)
            0x78, 0x22,                         //      MOV R0,#22h
            0x08,                               //      INC R0
            0x75, 0xD0, 0x00,                   //      MOV PSW,#00h
            0x08,                               //      INC R0
            0x05, 0x30,                         //      INC 30h
            0x80, 0xF0,                         //      SJMP 0000h
        ];
        var (interpreter, _) = RunInLockstep(program, Compatibility.Manual, 5_000, _ => 5_000);
        Assert.That(interpreter.InternalRam[0x08], Is.EqualTo(0x23));
    }

    /// <summary>
    /// Every opcode, with operands that hit RAM, a register SFR, a port, PSW and a timer register,
    /// twice in a row (so that it starts a region and sits inside one) before a loop back: the
    /// translator must compile each and agree with the interpreter.
    /// </summary>
    [Test]
    public void EveryOpcodeIsTranslatedOrInterpretedAlike()
    {
        // RAM and a bit in it, ACC and a RAM bit, a port and its pins' bit, PSW, a timer register (each program is compiled anew: a few suffice)
        var operandPairs = new (byte, byte)[] { (0x30, 0x05), (0xE0, 0x31), (0x90, 0x92), (0xD0, 0x08), (0x8A, 0x7F) };
        for (int opcode = 0; opcode < 256; opcode++)
        {
            foreach (var (first, second) in operandPairs)
            {
                // R0/R1 point into RAM, SP leaves room, A and B hold bits, C is set; then the instruction twice, NOPs as landing room for jumps, and back.
                byte[] program =
                [
                    0x78, 0x40, 0x79, 0x41, 0x75, 0x81, 0x60, 0x74, 0x5A, 0x75, 0xF0, 0x03, 0xD3,
                    (byte)opcode, first, second, (byte)opcode, first, second, .. new byte[16], 0x02, 0x00, 0x00,
                ];
                var interpreter = Create(PartProfile.At89C52, program, Compatibility.Manual, ExecutionEngine.Interpreter);
                var translator = Create(PartProfile.At89C52, program, Compatibility.Manual, ExecutionEngine.Translator);
                for (long limit = 50; limit <= 400; limit += 50)
                {
                    var expected = interpreter.Run(limit);
                    var actual = translator.Run(limit);
                    string where = $"opcode {opcode:X2} {first:X2} {second:X2}, run to cycle {limit}";
                    Assert.That(actual, Is.EqualTo(expected), where);
                    AssertSame(interpreter, translator, where);
                    if (expected != StopReason.MaxCycles) break;
                }
            }
        }
    }

    /// <summary>A hand-assembled program on an AT89C52 in both engines, compared after every hop of <paramref name="hop"/> cycles; returns both cores.</summary>
    private static (Mcs51 Interpreter, Mcs51 Translator) RunInLockstep(byte[] program, Compatibility compatibility, long cycles, Func<Random, int> hop, int seed = 1)
    {
        var interpreter = Create(PartProfile.At89C52, program, compatibility, ExecutionEngine.Interpreter);
        var translator = Create(PartProfile.At89C52, program, compatibility, ExecutionEngine.Translator);
        var random = new Random(seed);
        for (long limit = 0; limit < cycles;)
        {
            limit = Math.Min(cycles, limit + hop(random));
            interpreter.Run(limit);
            translator.Run(limit);
            AssertSame(interpreter, translator, $"{compatibility}: run to cycle {limit}");
        }
        Assert.That(translator.RegionRuns, Is.GreaterThan(0), "the translator ran");
        return (interpreter, translator);
    }

    /// <summary>Runs both engines to the same irregular sequence of cycle limits; returns how often translated code ran.</summary>
    private static long RunSideBySide(PartProfile part, byte[] image, Compatibility compatibility, long cycles, int seed)
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
        return translator.RegionRuns;
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
