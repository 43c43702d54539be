using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using Calendar51.Emulator.Disassembly;

namespace Calendar51.Emulator.Cpu;

/// <summary>
/// Runs a translated region from the core's current PC: nothing, when the region's first block may
/// not run now (see <see cref="RegionCompiler"/>); otherwise one or more whole blocks, leaving PC and
/// the cycle counter at the instruction boundary where it stopped.
/// </summary>
internal delegate RegionOutcome RegionCode(Mcs51 cpu, int untilPc);

/// <summary>How a region ended, which tells the loop whether the end-of-instruction work is still to do.</summary>
internal enum RegionOutcome
{
    /// <summary>The first block's guard failed: nothing changed.</summary>
    NothingRan,

    /// <summary>The last instruction run was translated: events and the interrupt poll after it are the caller's.</summary>
    EndedAfterTranslatedCode,

    /// <summary>The last instruction run was interpreted (<see cref="Mcs51.InterpretOne"/>), which did that work already.</summary>
    EndedAfterInterpretedInstruction,
}

/// <summary>
/// Translates 8051 code into .NET methods. A region is the set of basic blocks reachable from an
/// entry through static jumps, branches and calls. A block is a run of straight-line instructions
/// that touch only the core's own registers, internal RAM, code and XRAM, translated into IL; it may
/// end in one instruction with side effects (a port, timer, serial, interrupt-control or PSW access,
/// RETI, a jump to itself), which the region hands to the interpreter (<see cref="Mcs51.InterpretOne"/>)
/// with its events and interrupt poll, so every side effect and stop reason stays in one place.
/// <para>
/// A block runs whole or not at all. Before it starts, its guard checks what the interpreter would
/// check between its instructions: that every instruction would start before the run's stop cycle,
/// that no peripheral event falls due before the block's last instruction (the interpreter processes
/// events after the instruction they fall in, and so does the dispatcher after the block). A region
/// with the PC to stop at inside one of its blocks does not run at all. Interrupt requests cannot
/// rise inside translated code (nothing in it can raise one and events wait for its end), so pending
/// requests are checked at entry and after each interpreted instruction, where the region ends if
/// one is left pending.
/// Machine cycles are summed per block; A, B, PSW, SP and DPTR live in locals while the region runs.
/// </para>
/// </summary>
internal sealed class RegionCompiler
{
    private const int MaxInstructions = 256;
    private const int MaxBlockInstructions = 64;

    private static readonly FieldInfo AccField = Field("acc"), BField = Field("b"), PswField = Field("psw"),
        SpField = Field("sp"), DplField = Field("dpl"), DphField = Field("dph"), PcField = Field("pc"),
        CyclesField = Field("cycles"), StopAtField = Field("stopAt"), NextEventField = Field("nextEventCycle"),
        InterruptCheckField = Field("interruptCheckNeeded"), IramField = Field("iram"), BankField = Field("registerBank"),
        InstructionEndField = Field("instructionEnd"), PinLevelsField = Field("pinLevels"), CodeField = Field("code");

    private static readonly MethodInfo PopCountMethod = typeof(System.Numerics.BitOperations).GetMethod(nameof(System.Numerics.BitOperations.PopCount), [typeof(uint)])!;

    private static readonly MethodInfo ReadXramMethod = Method("ReadXram"), WriteXramMethod = Method("WriteXram"),
        XramAddressForRiMethod = Method("XramAddressForRi"), MultiplyMethod = Method("MultiplyAB"),
        DivideMethod = Method("DivideAB"), DecimalAdjustMethod = Method("DecimalAdjust"), InterpretOneMethod = Method(nameof(Mcs51.InterpretOne)),
        WriteSfrBitMethod = Method(nameof(Mcs51.WriteSfrBitForTranslation));

    private readonly byte[] code;
    private readonly int iramIndirectLimit;

    public RegionCompiler(byte[] code, int iramIndirectLimit)
    {
        this.code = code;
        this.iramIndirectLimit = iramIndirectLimit;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Mcs51's own private members, named here and kept by the reference below.")]
    private static FieldInfo Field(string name) =>
        typeof(Mcs51).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance) ?? throw new MissingFieldException(nameof(Mcs51), name);

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Mcs51's own private members, named here and kept by the reference below.")]
    private static MethodInfo Method(string name) =>
        typeof(Mcs51).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Instance) ?? throw new MissingMethodException(nameof(Mcs51), name);

    // ---- what may be translated ------------------------------------------------------------------

    private byte At(int address) => code[address & 0xFFFF];

    /// <summary>Direct addresses translated code may write: RAM, and the SFRs that are plain core registers.</summary>
    private static bool IsPlainWrite(int address) =>
        address < 0x80 || address is Sfr.ACC or Sfr.B or Sfr.SP or Sfr.DPL or Sfr.DPH;

    /// <summary>
    /// Direct addresses translated code may read: those, PSW (its parity computed from A) and the
    /// port pins, which only change between blocks (a port write is interpreted and ends its block;
    /// a chip answers at once or through a scheduled event, and an event ends the run).
    /// </summary>
    private static bool IsPlainRead(int address) =>
        IsPlainWrite(address) || address is Sfr.PSW or Sfr.P0 or Sfr.P1 or Sfr.P2 or Sfr.P3;

    /// <summary>Bits translated code may write: in RAM, ACC or B (PSW's RS0/RS1 switch the bank; s51 has its own PSW rules).</summary>
    private static bool IsPlainBitWrite(int bit) => bit < 0x80 || (bit & 0xF8) is Sfr.ACC or Sfr.B;

    private static bool IsPlainBitRead(int bit) => bit < 0x80 || IsPlainRead(bit & 0xF8);

    /// <summary>Whether the instruction at <paramref name="pc"/> is translated into IL (else it is interpreted, and ends its block).</summary>
    internal bool IsPlain(int pc)
    {
        int opcode = At(pc), imm1 = At(pc + 1), imm2 = At(pc + 2);
        switch (opcode)
        {
            case 0x32: return false;                                                   // RETI
            case 0x02: return ((imm1 << 8) | imm2) != pc;                              // LJMP $
            case 0x80: return imm1 != 0xFE;                                            // SJMP $
            case 0xC0: return IsPlainRead(imm1) && imm1 != Sfr.SP;                     // PUSH SP: s51 pushes SP+1
            case 0x25 or 0x35 or 0x45 or 0x55 or 0x65 or 0x95 or 0xA6 or 0xA7 or 0xA8 or 0xA9 or 0xAA or 0xAB or 0xAC
                or 0xAD or 0xAE or 0xAF or 0xB5 or 0xE5:
                return IsPlainRead(imm1);
            case 0x05 or 0x15 or 0x42 or 0x43 or 0x52 or 0x53 or 0x62 or 0x63 or 0x75 or 0x86 or 0x87 or 0x88 or 0x89
                or 0x8A or 0x8B or 0x8C or 0x8D or 0x8E or 0x8F or 0xC5 or 0xD0 or 0xD5 or 0xF5:
                return IsPlainWrite(imm1);                                             // writes (read-modify-write reads a port's latch)
            case 0x85: return IsPlainRead(imm1) && IsPlainWrite(imm2);
            case 0x20 or 0x30 or 0x72 or 0x82 or 0xA0 or 0xA2 or 0xB0:
                return IsPlainBitRead(imm1);
            case 0x10 or 0x92 or 0xB2 or 0xC2 or 0xD2:
                return IsPlainBitWrite(imm1);
            default:
                if ((opcode & 0x1F) == 0x01) return PageTarget(pc) != pc;   // AJMP $
                return true;
        }
    }

    private static int Length(int opcode) => Opcodes.Table[opcode].Length;

    /// <summary>The target of AJMP/ACALL at <paramref name="pc"/>: bits 10–8 from the opcode, in the 2 KB page of the next instruction.</summary>
    private int PageTarget(int pc) => ((pc + 2) & 0xF800) | ((At(pc) >> 5) << 8) | At(pc + 1);
    private static int CyclesOf(int opcode) => Opcodes.Cycles[opcode];

    /// <summary>Instructions after which control does not simply fall through to the next one.</summary>
    private static bool EndsBlock(int opcode) =>
        (opcode & 0x0F) == 0x01                                                      // AJMP, ACALL
        || opcode is 0x02 or 0x12 or 0x22 or 0x73 or 0x80                            // LJMP, LCALL, RET, JMP @A+DPTR, SJMP
        or 0x10 or 0x20 or 0x30 or 0x40 or 0x50 or 0x60 or 0x70 or 0xD5             // JBC JB JNB JC JNC JZ JNZ DJNZ direct
        || (opcode >= 0xB4 && opcode <= 0xBF) || (opcode >= 0xD8 && opcode <= 0xDF); // CJNE, DJNZ Rn

    /// <summary>Static successors of a block's last instruction: jump targets, the fall-through, a call's return address.</summary>
    internal IEnumerable<int> Successors(int pc)
    {
        int opcode = At(pc), next = (pc + Length(opcode)) & 0xFFFF;
        if ((opcode & 0x0F) == 0x01)
        {
            yield return PageTarget(pc);
            if ((opcode & 0x10) != 0) yield return next;   // ACALL: the return address
            yield break;
        }
        switch (opcode)
        {
            case 0x02: yield return (At(pc + 1) << 8) | At(pc + 2); yield break;
            case 0x12: yield return (At(pc + 1) << 8) | At(pc + 2); yield return next; yield break;
            case 0x22 or 0x32 or 0x73: yield break;
            case 0x80: yield return (next + (sbyte)At(pc + 1)) & 0xFFFF; yield break;
            case 0x40 or 0x50 or 0x60 or 0x70 or (>= 0xD8 and <= 0xDF):
                yield return (next + (sbyte)At(pc + 1)) & 0xFFFF; yield return next; yield break;
            default:
                if (EndsBlock(opcode)) yield return (next + (sbyte)At(pc + 2)) & 0xFFFF;   // 3-byte branches
                yield return next;
                yield break;
        }
    }

    private sealed record Block(int Start, List<int> Instructions)
    {
        public int Last => Instructions[^1];
        public int TotalCycles { get; init; }
        public int CyclesBeforeLast { get; init; }
        public bool EndsInTransfer { get; init; }
        public bool EndsInterpreted { get; init; }
        public int FallThrough { get; init; }
    }

    /// <summary>The blocks reachable from <paramref name="entry"/>, breadth first, within the size limits (the entry's block first).</summary>
    private List<Block> DiscoverBlocks(int entry)
    {
        var blocks = new List<Block>();
        var seen = new HashSet<int>();
        var queue = new Queue<int>();
        queue.Enqueue(entry);
        int instructions = 0;
        while (queue.Count > 0 && instructions < MaxInstructions)
        {
            int start = queue.Dequeue();
            if (!seen.Add(start)) continue;
            var list = new List<int>();
            int pc = start, total = 0, beforeLast = 0;
            bool transfer = false, interpreted = false;
            while (true)
            {
                int opcode = At(pc);
                list.Add(pc);
                beforeLast = total;
                total += CyclesOf(opcode);
                interpreted = !IsPlain(pc);
                if (EndsBlock(opcode) || interpreted) { transfer = true; break; }
                pc = (pc + Length(opcode)) & 0xFFFF;
                if (list.Count >= MaxBlockInstructions || seen.Contains(pc)) break;
            }
            int last = list[^1];
            var block = new Block(start, list)
            {
                TotalCycles = total,
                CyclesBeforeLast = beforeLast,
                EndsInTransfer = transfer,
                EndsInterpreted = interpreted,
                FallThrough = (last + Length(At(last))) & 0xFFFF,
            };
            blocks.Add(block);
            instructions += list.Count;
            if (transfer)
            {
                foreach (int successor in Successors(last)) queue.Enqueue(successor);
            }
            else
            {
                queue.Enqueue(block.FallThrough);
            }
        }
        return blocks;
    }

    // ---- code generation -----------------------------------------------------------------------

    /// <summary>The region starting at <paramref name="entry"/>.</summary>
    [RequiresDynamicCode("Emits IL for the region; callers check RuntimeFeature.IsDynamicCodeCompiled first.")]
    public RegionCode Compile(int entry)
    {
        var blocks = DiscoverBlocks(entry);
        var method = new DynamicMethod($"Region{entry:X4}", typeof(RegionOutcome), [typeof(Mcs51), typeof(int)], typeof(Mcs51), skipVisibility: true);
        new Emitter(this, method.GetILGenerator(), blocks).EmitRegion();
        return method.CreateDelegate<RegionCode>();
    }

    /// <summary>Emits one region's IL: the entry check, then each block behind its guard, then the common exit.</summary>
    private sealed class Emitter
    {
        private readonly RegionCompiler compiler;
        private readonly ILGenerator il;
        private readonly List<Block> blocks;
        private readonly Dictionary<int, (Label Guard, Label Body)> labels = [];
        private readonly Label exit;
        private readonly SortedSet<int> returnSites = [];
        private readonly LocalBuilder ram, regs, cycles, limit, acc, b, psw, sp, dpl, dph, exitPc, outcome, t1, t2, t3;

        public Emitter(RegionCompiler compiler, ILGenerator il, List<Block> blocks)
        {
            this.compiler = compiler;
            this.il = il;
            this.blocks = blocks;
            foreach (var block in blocks) labels[block.Start] = (il.DefineLabel(), il.DefineLabel());
            // A RET most likely returns behind a call made in this region: those addresses are tried first.
            foreach (var block in blocks)
            {
                int opcode = compiler.At(block.Last);
                if (block.EndsInTransfer && (opcode == 0x12 || (opcode & 0x1F) == 0x11) && labels.ContainsKey(block.FallThrough))
                {
                    returnSites.Add(block.FallThrough);
                }
            }
            exit = il.DefineLabel();
            ram = il.DeclareLocal(typeof(byte).MakeByRefType());
            regs = il.DeclareLocal(typeof(byte).MakeByRefType());
            cycles = il.DeclareLocal(typeof(long));
            limit = il.DeclareLocal(typeof(long));
            acc = il.DeclareLocal(typeof(int));
            b = il.DeclareLocal(typeof(int));
            psw = il.DeclareLocal(typeof(int));
            sp = il.DeclareLocal(typeof(int));
            dpl = il.DeclareLocal(typeof(int));
            dph = il.DeclareLocal(typeof(int));
            exitPc = il.DeclareLocal(typeof(int));
            outcome = il.DeclareLocal(typeof(int));
            t1 = il.DeclareLocal(typeof(int));
            t2 = il.DeclareLocal(typeof(int));
            t3 = il.DeclareLocal(typeof(int));
        }

        private byte At(int address) => compiler.At(address);

        public void EmitRegion()
        {
            var entry = blocks[0];
            var refuse = il.DefineLabel();
            // A pending request is polled after every instruction: leave that to the interpreter.
            LoadCpu(); il.Emit(OpCodes.Ldfld, InterruptCheckField); il.Emit(OpCodes.Brtrue, refuse);
            LoadCpu(); il.Emit(OpCodes.Ldfld, CyclesField); il.Emit(OpCodes.Stloc, cycles);
            EmitComputeLimit();
            EmitGuardTest(entry, refuse);
            // The PC to stop at inside any block: the interpreter's job (it checks before every instruction).
            var noStopPc = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_1); I(0); il.Emit(OpCodes.Blt, noStopPc);
            foreach (var block in blocks)
            {
                il.Emit(OpCodes.Ldarg_1); I(block.Start); il.Emit(OpCodes.Sub);
                I(block.Last - block.Start);
                il.Emit(OpCodes.Ble_Un, refuse);
            }
            il.MarkLabel(noStopPc);
            LoadCpu(); il.Emit(OpCodes.Ldfld, IramField); il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Ldelema, typeof(byte)); il.Emit(OpCodes.Stloc, ram);
            EmitLoadRegisters();
            il.Emit(OpCodes.Br, labels[entry.Start].Body);

            foreach (var block in blocks) EmitBlock(block);

            il.MarkLabel(exit);
            EmitStoreRegisters();
            LoadCpu(); il.Emit(OpCodes.Ldloc, cycles); il.Emit(OpCodes.Stfld, CyclesField);
            // As after an interpreted instruction: its end is now.
            LoadCpu(); il.Emit(OpCodes.Ldloc, cycles); il.Emit(OpCodes.Stfld, InstructionEndField);
            LoadCpu(); il.Emit(OpCodes.Ldloc, exitPc); il.Emit(OpCodes.Stfld, PcField);
            il.Emit(OpCodes.Ldloc, outcome); il.Emit(OpCodes.Ret);

            il.MarkLabel(refuse);
            I((int)RegionOutcome.NothingRan); il.Emit(OpCodes.Ret);
        }

        /// <summary>limit: the first cycle at which no instruction may start, and no event may be left behind.</summary>
        private void EmitComputeLimit()
        {
            LoadCpu(); il.Emit(OpCodes.Ldfld, StopAtField); il.Emit(OpCodes.Stloc, limit);
            var limitSet = il.DefineLabel();
            LoadCpu(); il.Emit(OpCodes.Ldfld, NextEventField); il.Emit(OpCodes.Ldloc, limit); il.Emit(OpCodes.Bge, limitSet);
            LoadCpu(); il.Emit(OpCodes.Ldfld, NextEventField); il.Emit(OpCodes.Ldc_I8, 1L); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, limit);
            il.MarkLabel(limitSet);
        }

        /// <summary>The core's registers into locals, and the current bank's R0 address.</summary>
        private void EmitLoadRegisters()
        {
            il.Emit(OpCodes.Ldloc, ram); LoadCpu(); il.Emit(OpCodes.Ldfld, BankField); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, regs);
            foreach (var (local, field) in Registers()) { LoadCpu(); il.Emit(OpCodes.Ldfld, field); il.Emit(OpCodes.Stloc, local); }
        }

        private void EmitStoreRegisters()
        {
            foreach (var (local, field) in Registers())
            {
                LoadCpu(); il.Emit(OpCodes.Ldloc, local); il.Emit(OpCodes.Conv_U1); il.Emit(OpCodes.Stfld, field);
            }
        }

        /// <summary>
        /// The block's last instruction through the interpreter: the registers go back to the core,
        /// and come back afterwards with the limit (the instruction may have scheduled something, stopped
        /// the run or switched the bank); then on to the block at the new PC if it is in the region.
        /// </summary>
        private void EmitInterpreted(int pc)
        {
            int opcode = At(pc), bit = At(pc + 1);
            // CLR/SETB on a port or control bit needs no dispatch, and changes no register but SP (an interrupt taken after it).
            bool sfrBitWrite = opcode is 0xC2 or 0xD2 && (bit & 0xF8) != Sfr.PSW;
            EmitStoreRegisters();
            LoadCpu(); il.Emit(OpCodes.Ldloc, cycles); il.Emit(OpCodes.Stfld, CyclesField);
            LoadCpu(); I(pc); il.Emit(OpCodes.Stfld, PcField);
            if (sfrBitWrite)
            {
                LoadCpu(); I(bit); I(opcode == 0xD2 ? 1 : 0); il.Emit(OpCodes.Call, WriteSfrBitMethod);
            }
            else
            {
                LoadCpu(); il.Emit(OpCodes.Call, InterpretOneMethod);
            }
            I((int)RegionOutcome.EndedAfterInterpretedInstruction); il.Emit(OpCodes.Stloc, outcome);
            LoadCpu(); il.Emit(OpCodes.Ldfld, CyclesField); il.Emit(OpCodes.Stloc, cycles);
            LoadCpu(); il.Emit(OpCodes.Ldfld, PcField); il.Emit(OpCodes.Stloc, exitPc);
            if (sfrBitWrite) { LoadCpu(); il.Emit(OpCodes.Ldfld, SpField); il.Emit(OpCodes.Stloc, sp); }
            else EmitLoadRegisters();
            EmitComputeLimit();
            // A request left pending is polled after every instruction: the interpreter's job.
            LoadCpu(); il.Emit(OpCodes.Ldfld, InterruptCheckField); il.Emit(OpCodes.Brtrue, exit);
            foreach (int successor in compiler.Successors(pc).Distinct())
            {
                if (!labels.TryGetValue(successor, out var target)) continue;
                il.Emit(OpCodes.Ldloc, exitPc); I(successor); il.Emit(OpCodes.Beq, target.Guard);
            }
            il.Emit(OpCodes.Br, exit);
        }

        private IEnumerable<(LocalBuilder, FieldInfo)> Registers() =>
            [(acc, AccField), (b, BField), (psw, PswField), (sp, SpField), (dpl, DplField), (dph, DphField)];

        private void LoadCpu() => il.Emit(OpCodes.Ldarg_0);

        /// <summary>Branches to <paramref name="fail"/> unless every instruction of the block would start before the limit.</summary>
        private void EmitGuardTest(Block block, Label fail)
        {
            il.Emit(OpCodes.Ldloc, cycles);
            if (block.CyclesBeforeLast != 0) { il.Emit(OpCodes.Ldc_I8, (long)block.CyclesBeforeLast); il.Emit(OpCodes.Add); }
            il.Emit(OpCodes.Ldloc, limit);
            il.Emit(OpCodes.Bge, fail);
        }

        private void EmitBlock(Block block)
        {
            var (guard, body) = labels[block.Start];
            var fail = il.DefineLabel();
            il.MarkLabel(guard);
            EmitGuardTest(block, fail);
            il.Emit(OpCodes.Br, body);
            il.MarkLabel(fail);
            ExitTo(block.Start);

            il.MarkLabel(body);
            if (IsDelayLoop(block))
            {
                EmitDelayLoop(block);
                return;
            }
            int count = block.Instructions.Count;
            for (int i = 0; i < count - 1; i++) EmitInstruction(block.Instructions[i]);
            if (block.EndsInterpreted)
            {
                AddCycles(block.CyclesBeforeLast);
                EmitInterpreted(block.Last);
                return;
            }
            AddCycles(block.TotalCycles);
            I((int)RegionOutcome.EndedAfterTranslatedCode); il.Emit(OpCodes.Stloc, outcome);
            if (block.EndsInTransfer) EmitTransfer(block.Last);
            else
            {
                EmitInstruction(block.Last);
                GoTo(block.FallThrough);
            }
        }

        private void AddCycles(int count)
        {
            if (count == 0) return;
            il.Emit(OpCodes.Ldloc, cycles); il.Emit(OpCodes.Ldc_I8, (long)count); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, cycles);
        }

        /// <summary>DJNZ Rn,$ or DJNZ direct,$ on RAM alone: a delay loop.</summary>
        private bool IsDelayLoop(Block block)
        {
            if (block.Instructions.Count != 1) return false;
            int pc = block.Start, opcode = At(pc);
            if (opcode is >= 0xD8 and <= 0xDF) return At(pc + 1) == 0xFE;
            return opcode == 0xD5 && At(pc + 1) < 0x80 && At(pc + 2) == 0xFD;
        }

        /// <summary>
        /// A delay loop in one step: as many two-cycle passes as the counter has left (0 means 256) or
        /// as start before the limit, whichever is fewer (each pass would have passed its own guard);
        /// then on as after the last pass the interpreter would run.
        /// </summary>
        private void EmitDelayLoop(Block block)
        {
            int pc = block.Start, opcode = At(pc);
            Action load = opcode == 0xD5 ? () => LoadDirect(At(pc + 1)) : () => LoadReg(opcode & 7);
            Action<Action> store = opcode == 0xD5 ? value => StoreDirect(At(pc + 1), value) : value => StoreReg(opcode & 7, value);
            int cyclesPerPass = CyclesOf(opcode);
            // t1 = passes left: the counter, 0 meaning 256
            var counted = il.DefineLabel();
            load(); il.Emit(OpCodes.Stloc, t1);
            il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Brtrue, counted);
            I(256); il.Emit(OpCodes.Stloc, t1);
            il.MarkLabel(counted);
            // passes that start before the limit: ceil(room / cyclesPerPass) = (room - 1) / cyclesPerPass + 1 with
            // room = limit - cycles >= 1 (the guard passed), which cannot overflow however far the limit is
            var fits = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, limit); il.Emit(OpCodes.Ldloc, cycles); il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Ldc_I8, 1L); il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Ldc_I8, (long)cyclesPerPass); il.Emit(OpCodes.Div);
            il.Emit(OpCodes.Ldc_I8, 1L); il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Dup); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Conv_I8);
            var tooMany = il.DefineLabel();
            il.Emit(OpCodes.Bge, tooMany);
            il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Stloc, t1);
            il.Emit(OpCodes.Br, fits);
            il.MarkLabel(tooMany);
            il.Emit(OpCodes.Pop);
            il.MarkLabel(fits);
            store(() => { load(); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Sub); });
            il.Emit(OpCodes.Ldloc, cycles); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Conv_I8); I(cyclesPerPass); il.Emit(OpCodes.Conv_I8); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, cycles);
            I((int)RegionOutcome.EndedAfterTranslatedCode); il.Emit(OpCodes.Stloc, outcome);
            // Counter not yet 0: the limit came first, and the guard sends it out.
            load(); Branch(pc, (pc + Length(opcode)) & 0xFFFF);
        }

        // ---- control flow ------------------------------------------------------------------

        private void ExitTo(int pc)
        {
            I(pc); il.Emit(OpCodes.Stloc, exitPc);
            il.Emit(OpCodes.Br, exit);
        }

        private void GoTo(int pc)
        {
            if (labels.TryGetValue(pc, out var target)) il.Emit(OpCodes.Br, target.Guard);
            else ExitTo(pc);
        }

        /// <summary>Pops a condition (nonzero = taken) and continues at <paramref name="taken"/> or <paramref name="notTaken"/>.</summary>
        private void Branch(int taken, int notTaken)
        {
            var isTaken = il.DefineLabel();
            il.Emit(OpCodes.Brtrue, isTaken);
            GoTo(notTaken);
            il.MarkLabel(isTaken);
            GoTo(taken);
        }

        /// <summary>Continues at the PC in exitPc: in the region if a block starts there, else through the exit.</summary>
        private void GoToComputed()
        {
            foreach (int site in returnSites)
            {
                il.Emit(OpCodes.Ldloc, exitPc); I(site); il.Emit(OpCodes.Beq, labels[site].Guard);
            }
            il.Emit(OpCodes.Br, exit);
        }

        private void EmitTransfer(int pc)
        {
            int opcode = At(pc), imm1 = At(pc + 1), imm2 = At(pc + 2);
            int next = (pc + Length(opcode)) & 0xFFFF;
            int rel2 = (next + (sbyte)imm1) & 0xFFFF, rel3 = (next + (sbyte)imm2) & 0xFFFF;
            if ((opcode & 0x1F) == 0x01) { GoTo(compiler.PageTarget(pc)); return; }
            if ((opcode & 0x1F) == 0x11) { PushReturn(next); GoTo(compiler.PageTarget(pc)); return; }
            switch (opcode)
            {
                case 0x02: GoTo((imm1 << 8) | imm2); return;
                case 0x12: PushReturn(next); GoTo((imm1 << 8) | imm2); return;
                case 0x22:
                    // RET: high byte first, then low
                    PopTo(t1); PopTo(t2);
                    il.Emit(OpCodes.Ldloc, t1); I(8); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Ldloc, t2); il.Emit(OpCodes.Or); il.Emit(OpCodes.Stloc, exitPc);
                    GoToComputed();
                    return;
                case 0x73:
                    il.Emit(OpCodes.Ldloc, acc); Dptr(); il.Emit(OpCodes.Add); I(0xFFFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, exitPc);
                    GoToComputed();
                    return;
                case 0x80: GoTo(rel2); return;
                case 0x10:
                {
                    // JBC: the bit is cleared only when the jump is taken
                    var notSet = il.DefineLabel();
                    LoadBit(imm1); il.Emit(OpCodes.Brfalse, notSet);
                    StoreBit(imm1, () => I(0));
                    GoTo(rel3);
                    il.MarkLabel(notSet);
                    GoTo(next);
                    return;
                }
                case 0x20: LoadBit(imm1); Branch(rel3, next); return;
                case 0x30: LoadBit(imm1); I(0); il.Emit(OpCodes.Ceq); Branch(rel3, next); return;
                case 0x40: il.Emit(OpCodes.Ldloc, psw); I(0x80); il.Emit(OpCodes.And); Branch(rel2, next); return;
                case 0x50: il.Emit(OpCodes.Ldloc, psw); I(0x80); il.Emit(OpCodes.And); I(0); il.Emit(OpCodes.Ceq); Branch(rel2, next); return;
                case 0x60: il.Emit(OpCodes.Ldloc, acc); I(0); il.Emit(OpCodes.Ceq); Branch(rel2, next); return;
                case 0x70: il.Emit(OpCodes.Ldloc, acc); Branch(rel2, next); return;
                case 0xD5:
                    // DJNZ direct: read-modify-write
                    LoadDirect(imm1); I(1); il.Emit(OpCodes.Sub); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, t3);
                    StoreDirect(imm1, () => il.Emit(OpCodes.Ldloc, t3));
                    il.Emit(OpCodes.Ldloc, t3); Branch(rel3, next);
                    return;
                case >= 0xD8 and <= 0xDF:
                {
                    int n = opcode & 7;
                    LoadReg(n); I(1); il.Emit(OpCodes.Sub); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, t3);
                    StoreReg(n, () => il.Emit(OpCodes.Ldloc, t3));
                    il.Emit(OpCodes.Ldloc, t3); Branch(rel2, next);
                    return;
                }
                case >= 0xB4 and <= 0xBF:
                {
                    // CJNE left,right: C = left < right, jump if they differ
                    switch (opcode)
                    {
                        case 0xB4: il.Emit(OpCodes.Ldloc, acc); I(imm1); break;
                        case 0xB5: il.Emit(OpCodes.Ldloc, acc); LoadDirect(imm1); break;
                        case 0xB6 or 0xB7: LoadIndirect(opcode & 1); I(imm1); break;
                        default: LoadReg(opcode & 7); I(imm1); break;
                    }
                    il.Emit(OpCodes.Stloc, t2); il.Emit(OpCodes.Stloc, t1);
                    // psw = (psw & 0x7F) | (left < right ? 0x80 : 0)
                    il.Emit(OpCodes.Ldloc, psw); I(0x7F); il.Emit(OpCodes.And);
                    il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Ldloc, t2); il.Emit(OpCodes.Clt); I(7); il.Emit(OpCodes.Shl);
                    il.Emit(OpCodes.Or); il.Emit(OpCodes.Stloc, psw);
                    il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Ldloc, t2); il.Emit(OpCodes.Ceq); I(0); il.Emit(OpCodes.Ceq);
                    Branch(rel3, next);
                    return;
                }
                default:
                    throw new InvalidOperationException($"opcode {opcode:X2} does not end a block");
            }
        }

        private void PushReturn(int returnAddress)
        {
            Push(() => I(returnAddress & 0xFF));
            Push(() => I(returnAddress >> 8));
        }

        // ---- instructions -------------------------------------------------------------------

        private void EmitInstruction(int pc)
        {
            int opcode = At(pc), imm1 = At(pc + 1), imm2 = At(pc + 2);
            int low = opcode & 0x0F;
            // The eight rows that combine A with an operand chosen by the low nibble (4: #data, 5: direct, 6/7: @Ri, 8–F: Rn).
            if (low >= 4 && opcode >= 0x24 && opcode < 0xA0 && (opcode >> 4) is 2 or 3 or 4 or 5 or 6 or 9)
            {
                EmitAccumulatorOperation(opcode >> 4, () => LoadSource(low, imm1));
                return;
            }
            switch (opcode)
            {
                case 0x00 or 0xA5: return;
                case 0x03: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(1); il.Emit(OpCodes.Shr_Un); il.Emit(OpCodes.Ldloc, acc); I(7); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Or); }); return;
                case 0x23: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(1); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Ldloc, acc); I(7); il.Emit(OpCodes.Shr_Un); il.Emit(OpCodes.Or); }); return;
                case 0x13:
                    // RRC: t1 = carry in (0x80 or 0)
                    il.Emit(OpCodes.Ldloc, psw); I(0x80); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, t1);
                    il.Emit(OpCodes.Ldloc, psw); I(0x7F); il.Emit(OpCodes.And); il.Emit(OpCodes.Ldloc, acc); I(1); il.Emit(OpCodes.And); I(7); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Or); il.Emit(OpCodes.Stloc, psw);
                    SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(1); il.Emit(OpCodes.Shr_Un); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Or); });
                    return;
                case 0x33:
                    il.Emit(OpCodes.Ldloc, psw); I(7); il.Emit(OpCodes.Shr_Un); I(1); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, t1);
                    il.Emit(OpCodes.Ldloc, psw); I(0x7F); il.Emit(OpCodes.And); il.Emit(OpCodes.Ldloc, acc); I(0x80); il.Emit(OpCodes.And); il.Emit(OpCodes.Or); il.Emit(OpCodes.Stloc, psw);
                    SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(1); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Or); });
                    return;
                case 0x04: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(1); il.Emit(OpCodes.Add); }); return;
                case 0x14: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(1); il.Emit(OpCodes.Sub); }); return;
                case 0x05: StoreDirect(imm1, () => { LoadDirect(imm1); I(1); il.Emit(OpCodes.Add); }); return;
                case 0x15: StoreDirect(imm1, () => { LoadDirect(imm1); I(1); il.Emit(OpCodes.Sub); }); return;
                case 0x06 or 0x07: ModifyIndirect(opcode & 1, OpCodes.Add); return;
                case 0x16 or 0x17: ModifyIndirect(opcode & 1, OpCodes.Sub); return;
                case >= 0x08 and <= 0x0F: StoreReg(opcode & 7, () => { LoadReg(opcode & 7); I(1); il.Emit(OpCodes.Add); }); return;
                case >= 0x18 and <= 0x1F: StoreReg(opcode & 7, () => { LoadReg(opcode & 7); I(1); il.Emit(OpCodes.Sub); }); return;
                case 0x42: StoreDirect(imm1, () => { LoadDirect(imm1); il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Or); }); return;
                case 0x43: StoreDirect(imm1, () => { LoadDirect(imm1); I(imm2); il.Emit(OpCodes.Or); }); return;
                case 0x52: StoreDirect(imm1, () => { LoadDirect(imm1); il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.And); }); return;
                case 0x53: StoreDirect(imm1, () => { LoadDirect(imm1); I(imm2); il.Emit(OpCodes.And); }); return;
                case 0x62: StoreDirect(imm1, () => { LoadDirect(imm1); il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Xor); }); return;
                case 0x63: StoreDirect(imm1, () => { LoadDirect(imm1); I(imm2); il.Emit(OpCodes.Xor); }); return;
                case 0x72: CarryFromBit(imm1, OpCodes.Or, invert: false); return;
                case 0xA0: CarryFromBit(imm1, OpCodes.Or, invert: true); return;
                case 0x82: CarryFromBit(imm1, OpCodes.And, invert: false); return;
                case 0xB0: CarryFromBit(imm1, OpCodes.And, invert: true); return;
                case 0xA2:
                    il.Emit(OpCodes.Ldloc, psw); I(0x7F); il.Emit(OpCodes.And); LoadBit(imm1); I(7); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Or); il.Emit(OpCodes.Stloc, psw);
                    return;
                case 0x92: StoreBit(imm1, () => { il.Emit(OpCodes.Ldloc, psw); I(7); il.Emit(OpCodes.Shr_Un); I(1); il.Emit(OpCodes.And); }); return;
                case 0xB2: StoreBit(imm1, () => { LoadBit(imm1); I(1); il.Emit(OpCodes.Xor); }); return;
                case 0xC2: StoreBit(imm1, () => I(0)); return;
                case 0xD2: StoreBit(imm1, () => I(1)); return;
                case 0xB3: il.Emit(OpCodes.Ldloc, psw); I(0x80); il.Emit(OpCodes.Xor); il.Emit(OpCodes.Stloc, psw); return;
                case 0xC3: il.Emit(OpCodes.Ldloc, psw); I(0x7F); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, psw); return;
                case 0xD3: il.Emit(OpCodes.Ldloc, psw); I(0x80); il.Emit(OpCodes.Or); il.Emit(OpCodes.Stloc, psw); return;
                case 0x74: SetAcc(() => I(imm1)); return;
                case 0x75: StoreDirect(imm1, () => I(imm2)); return;
                case 0x76 or 0x77: StoreIndirect(opcode & 1, () => I(imm1)); return;
                case >= 0x78 and <= 0x7F: StoreReg(opcode & 7, () => I(imm1)); return;
                case 0x83: SetAcc(() => LoadCode(() => { il.Emit(OpCodes.Ldloc, acc); I((pc + 1) & 0xFFFF); il.Emit(OpCodes.Add); })); return;
                case 0x93: SetAcc(() => LoadCode(() => { il.Emit(OpCodes.Ldloc, acc); Dptr(); il.Emit(OpCodes.Add); })); return;
                case 0x84: CallWithRegisters(DivideMethod); return;
                case 0xA4: CallWithRegisters(MultiplyMethod); return;
                case 0xD4: CallWithRegisters(DecimalAdjustMethod); return;
                case 0x85: LoadDirect(imm1); il.Emit(OpCodes.Stloc, t3); StoreDirect(imm2, () => il.Emit(OpCodes.Ldloc, t3)); return;
                case 0x86 or 0x87: LoadIndirect(opcode & 1); il.Emit(OpCodes.Stloc, t3); StoreDirect(imm1, () => il.Emit(OpCodes.Ldloc, t3)); return;
                case >= 0x88 and <= 0x8F: StoreDirect(imm1, () => LoadReg(opcode & 7)); return;
                case 0x90: I(imm1); il.Emit(OpCodes.Stloc, dph); I(imm2); il.Emit(OpCodes.Stloc, dpl); return;
                case 0xA3:
                    Dptr(); I(1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, t1);
                    il.Emit(OpCodes.Ldloc, t1); I(8); il.Emit(OpCodes.Shr_Un); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, dph);
                    il.Emit(OpCodes.Ldloc, t1); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, dpl);
                    return;
                case 0xA6 or 0xA7: LoadDirect(imm1); il.Emit(OpCodes.Stloc, t3); StoreIndirect(opcode & 1, () => il.Emit(OpCodes.Ldloc, t3)); return;
                case >= 0xA8 and <= 0xAF: LoadDirect(imm1); il.Emit(OpCodes.Stloc, t3); StoreReg(opcode & 7, () => il.Emit(OpCodes.Ldloc, t3)); return;
                case 0xC0: LoadDirect(imm1); il.Emit(OpCodes.Stloc, t3); Push(() => il.Emit(OpCodes.Ldloc, t3)); return;
                case 0xD0: PopTo(t3); StoreDirect(imm1, () => il.Emit(OpCodes.Ldloc, t3)); return;
                case 0xC4: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(4); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Ldloc, acc); I(4); il.Emit(OpCodes.Shr_Un); il.Emit(OpCodes.Or); }); return;
                case 0xC5:
                    LoadDirect(imm1); il.Emit(OpCodes.Stloc, t3);
                    StoreDirect(imm1, () => il.Emit(OpCodes.Ldloc, acc));
                    il.Emit(OpCodes.Ldloc, t3); il.Emit(OpCodes.Stloc, acc);
                    return;
                case 0xC6 or 0xC7:
                    LoadIndirect(opcode & 1); il.Emit(OpCodes.Stloc, t3);
                    StoreIndirect(opcode & 1, () => il.Emit(OpCodes.Ldloc, acc));
                    il.Emit(OpCodes.Ldloc, t3); il.Emit(OpCodes.Stloc, acc);
                    return;
                case >= 0xC8 and <= 0xCF:
                    LoadReg(opcode & 7); il.Emit(OpCodes.Stloc, t3);
                    StoreReg(opcode & 7, () => il.Emit(OpCodes.Ldloc, acc));
                    il.Emit(OpCodes.Ldloc, t3); il.Emit(OpCodes.Stloc, acc);
                    return;
                case 0xD6 or 0xD7:
                    // XCHD: low nibbles swap
                    LoadIndirect(opcode & 1); il.Emit(OpCodes.Stloc, t3);
                    StoreIndirect(opcode & 1, () => { il.Emit(OpCodes.Ldloc, t3); I(0xF0); il.Emit(OpCodes.And); il.Emit(OpCodes.Ldloc, acc); I(0x0F); il.Emit(OpCodes.And); il.Emit(OpCodes.Or); });
                    il.Emit(OpCodes.Ldloc, acc); I(0xF0); il.Emit(OpCodes.And); il.Emit(OpCodes.Ldloc, t3); I(0x0F); il.Emit(OpCodes.And); il.Emit(OpCodes.Or); il.Emit(OpCodes.Stloc, acc);
                    return;
                case 0xE0: SetAcc(() => { LoadCpu(); Dptr(); il.Emit(OpCodes.Call, ReadXramMethod); }); return;
                case 0xE2 or 0xE3: SetAcc(() => { LoadCpu(); LoadCpu(); LoadReg(opcode & 1); il.Emit(OpCodes.Conv_U1); il.Emit(OpCodes.Call, XramAddressForRiMethod); il.Emit(OpCodes.Call, ReadXramMethod); }); return;
                case 0xF0: LoadCpu(); Dptr(); il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Conv_U1); il.Emit(OpCodes.Call, WriteXramMethod); return;
                case 0xF2 or 0xF3:
                    LoadCpu(); LoadCpu(); LoadReg(opcode & 1); il.Emit(OpCodes.Conv_U1); il.Emit(OpCodes.Call, XramAddressForRiMethod);
                    il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Conv_U1); il.Emit(OpCodes.Call, WriteXramMethod);
                    return;
                case 0xE4: I(0); il.Emit(OpCodes.Stloc, acc); return;
                case 0xE5: SetAcc(() => LoadDirect(imm1)); return;
                case 0xE6 or 0xE7: SetAcc(() => LoadIndirect(opcode & 1)); return;
                case >= 0xE8 and <= 0xEF: SetAcc(() => LoadReg(opcode & 7)); return;
                case 0xF4: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); I(0xFF); il.Emit(OpCodes.Xor); }); return;
                case 0xF5: StoreDirect(imm1, () => il.Emit(OpCodes.Ldloc, acc)); return;
                case 0xF6 or 0xF7: StoreIndirect(opcode & 1, () => il.Emit(OpCodes.Ldloc, acc)); return;
                case >= 0xF8 and <= 0xFF: StoreReg(opcode & 7, () => il.Emit(OpCodes.Ldloc, acc)); return;
                default:
                    throw new InvalidOperationException($"opcode {opcode:X2} at {pc:X4} is not a straight-line instruction");
            }
        }

        /// <summary>Low nibble 4: #data, 5: direct, 6/7: @R0/@R1, 8–F: R0–R7.</summary>
        private void LoadSource(int low, int imm1)
        {
            switch (low)
            {
                case 4: I(imm1); break;
                case 5: LoadDirect(imm1); break;
                case 6 or 7: LoadIndirect(low & 1); break;
                default: LoadReg(low & 7); break;
            }
        }

        /// <summary>ADD, ADDC, ORL, ANL, XRL, SUBB A with an operand (row 2, 3, 4, 5, 6, 9 of the opcode map).</summary>
        private void EmitAccumulatorOperation(int row, Action operand)
        {
            switch (row)
            {
                case 4: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); operand(); il.Emit(OpCodes.Or); }); return;
                case 5: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); operand(); il.Emit(OpCodes.And); }); return;
                case 6: SetAcc(() => { il.Emit(OpCodes.Ldloc, acc); operand(); il.Emit(OpCodes.Xor); }); return;
            }
            // t1 = operand, t2 = carry in, t3 = result
            operand(); il.Emit(OpCodes.Stloc, t1);
            if (row == 2) I(0);
            else { il.Emit(OpCodes.Ldloc, psw); I(7); il.Emit(OpCodes.Shr_Un); I(1); il.Emit(OpCodes.And); }
            il.Emit(OpCodes.Stloc, t2);
            var arithmetic = row == 9 ? OpCodes.Sub : OpCodes.Add;
            il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ldloc, t1); il.Emit(arithmetic); il.Emit(OpCodes.Ldloc, t2); il.Emit(arithmetic); il.Emit(OpCodes.Stloc, t3);
            // psw = (psw & ~(C|AC|OV)) | C | AC | OV
            il.Emit(OpCodes.Ldloc, psw); I(~0xC4 & 0xFF); il.Emit(OpCodes.And);
            // C: bit 8 of the sum, or the sign of the difference (result >> 1 moves either to bit 7)
            il.Emit(OpCodes.Ldloc, t3); I(1); il.Emit(OpCodes.Shr); I(0x80); il.Emit(OpCodes.And); il.Emit(OpCodes.Or);
            // AC: the same on the low nibbles, moved to bit 6
            il.Emit(OpCodes.Ldloc, acc); I(0x0F); il.Emit(OpCodes.And); il.Emit(OpCodes.Ldloc, t1); I(0x0F); il.Emit(OpCodes.And); il.Emit(arithmetic);
            il.Emit(OpCodes.Ldloc, t2); il.Emit(arithmetic);
            if (row == 9) { I(1); il.Emit(OpCodes.Shr); }
            else { I(2); il.Emit(OpCodes.Shl); }
            I(0x40); il.Emit(OpCodes.And); il.Emit(OpCodes.Or);
            // OV: add: (acc ^ result) & (operand ^ result) & 0x80; subtract: (acc ^ operand) & (acc ^ result) & 0x80; moved to bit 2
            if (row == 9)
            {
                il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Xor);
                il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ldloc, t3); il.Emit(OpCodes.Xor);
            }
            else
            {
                il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ldloc, t3); il.Emit(OpCodes.Xor);
                il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Ldloc, t3); il.Emit(OpCodes.Xor);
            }
            il.Emit(OpCodes.And); I(0x80); il.Emit(OpCodes.And); I(5); il.Emit(OpCodes.Shr_Un); il.Emit(OpCodes.Or);
            il.Emit(OpCodes.Stloc, psw);
            il.Emit(OpCodes.Ldloc, t3); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, acc);
        }

        /// <summary>ANL/ORL C,bit and C,/bit.</summary>
        private void CarryFromBit(int bit, OpCode operation, bool invert)
        {
            il.Emit(OpCodes.Ldloc, psw);
            LoadBit(bit);
            if (invert) { I(1); il.Emit(OpCodes.Xor); }
            I(7); il.Emit(OpCodes.Shl);
            if (operation == OpCodes.And) { I(0x7F); il.Emit(OpCodes.Or); }   // the other flags pass the AND
            il.Emit(operation);
            il.Emit(OpCodes.Stloc, psw);
        }

        private void CallWithRegisters(MethodInfo method)
        {
            foreach (var (local, field) in new[] { (acc, AccField), (b, BField), (psw, PswField) })
            {
                LoadCpu(); il.Emit(OpCodes.Ldloc, local); il.Emit(OpCodes.Conv_U1); il.Emit(OpCodes.Stfld, field);
            }
            LoadCpu(); il.Emit(OpCodes.Call, method);
            foreach (var (local, field) in new[] { (acc, AccField), (b, BField), (psw, PswField) })
            {
                LoadCpu(); il.Emit(OpCodes.Ldfld, field); il.Emit(OpCodes.Stloc, local);
            }
        }

        // ---- operands -----------------------------------------------------------------------

        private void I(int value) => il.Emit(OpCodes.Ldc_I4, value);

        private void SetAcc(Action value)
        {
            value(); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, acc);
        }

        private void Dptr()
        {
            il.Emit(OpCodes.Ldloc, dph); I(8); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Ldloc, dpl); il.Emit(OpCodes.Or);
        }

        private void LoadCode(Action address)
        {
            LoadCpu(); il.Emit(OpCodes.Ldfld, CodeField);
            address(); I(0xFFFF); il.Emit(OpCodes.And);
            il.Emit(OpCodes.Ldelem_U1);
        }

        private void RamAddress(int offset)
        {
            il.Emit(OpCodes.Ldloc, ram);
            if (offset != 0) { I(offset); il.Emit(OpCodes.Add); }
        }

        private void LoadReg(int n)
        {
            il.Emit(OpCodes.Ldloc, regs);
            if (n != 0) { I(n); il.Emit(OpCodes.Add); }
            il.Emit(OpCodes.Ldind_U1);
        }

        private void StoreReg(int n, Action value)
        {
            il.Emit(OpCodes.Ldloc, regs);
            if (n != 0) { I(n); il.Emit(OpCodes.Add); }
            value();
            il.Emit(OpCodes.Stind_I1);
        }

        private LocalBuilder? RegisterLocal(int address) => address switch
        {
            Sfr.ACC => acc,
            Sfr.B => b,
            Sfr.SP => sp,
            Sfr.DPL => dpl,
            Sfr.DPH => dph,
            _ => null,
        };

        private void LoadDirect(int address)
        {
            if (address < 0x80) { RamAddress(address); il.Emit(OpCodes.Ldind_U1); return; }
            switch (address)
            {
                case Sfr.P0 or Sfr.P1 or Sfr.P2 or Sfr.P3:
                    LoadCpu(); il.Emit(OpCodes.Ldfld, PinLevelsField); I((address - Sfr.P0) >> 4); il.Emit(OpCodes.Ldelem_U1);
                    return;
                case Sfr.PSW:
                    il.Emit(OpCodes.Ldloc, psw); il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Call, PopCountMethod); I(1); il.Emit(OpCodes.And); il.Emit(OpCodes.Or);
                    return;
                default:
                    il.Emit(OpCodes.Ldloc, RegisterLocal(address) ?? throw new InvalidOperationException($"SFR {address:X2} is not a core register"));
                    return;
            }
        }

        private void StoreDirect(int address, Action value)
        {
            if (address < 0x80) { RamAddress(address); value(); il.Emit(OpCodes.Stind_I1); return; }
            value(); I(0xFF); il.Emit(OpCodes.And);
            il.Emit(OpCodes.Stloc, RegisterLocal(address) ?? throw new InvalidOperationException($"SFR {address:X2} is not a core register"));
        }

        /// <summary>@Ri: RAM below the part's indirect limit; above it reads give FFh and writes are lost.</summary>
        private void LoadIndirect(int i) => LoadIndirectAt(() => LoadReg(i));

        private void LoadIndirectAt(Action address)
        {
            if (compiler.iramIndirectLimit >= 256)
            {
                il.Emit(OpCodes.Ldloc, ram); address(); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldind_U1);
                return;
            }
            var outside = il.DefineLabel();
            var done = il.DefineLabel();
            address(); il.Emit(OpCodes.Stloc, t2);
            il.Emit(OpCodes.Ldloc, t2); I(compiler.iramIndirectLimit); il.Emit(OpCodes.Bge_Un, outside);
            il.Emit(OpCodes.Ldloc, ram); il.Emit(OpCodes.Ldloc, t2); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldind_U1);
            il.Emit(OpCodes.Br, done);
            il.MarkLabel(outside);
            I(0xFF);
            il.MarkLabel(done);
        }

        private void StoreIndirect(int i, Action value) => StoreIndirectAt(() => LoadReg(i), value);

        private void StoreIndirectAt(Action address, Action value)
        {
            if (compiler.iramIndirectLimit >= 256)
            {
                il.Emit(OpCodes.Ldloc, ram); address(); il.Emit(OpCodes.Add); value(); il.Emit(OpCodes.Stind_I1);
                return;
            }
            var outside = il.DefineLabel();
            value(); il.Emit(OpCodes.Stloc, t1);
            address(); il.Emit(OpCodes.Stloc, t2);
            il.Emit(OpCodes.Ldloc, t2); I(compiler.iramIndirectLimit); il.Emit(OpCodes.Bge_Un, outside);
            il.Emit(OpCodes.Ldloc, ram); il.Emit(OpCodes.Ldloc, t2); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Stind_I1);
            il.MarkLabel(outside);
        }

        private void ModifyIndirect(int i, OpCode operation)
        {
            LoadIndirect(i); I(1); il.Emit(operation); il.Emit(OpCodes.Stloc, t3);
            StoreIndirect(i, () => il.Emit(OpCodes.Ldloc, t3));
        }

        private void Push(Action value)
        {
            il.Emit(OpCodes.Ldloc, sp); I(1); il.Emit(OpCodes.Add); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, sp);
            StoreIndirectAt(() => il.Emit(OpCodes.Ldloc, sp), value);
        }

        private void PopTo(LocalBuilder target)
        {
            LoadIndirectAt(() => il.Emit(OpCodes.Ldloc, sp)); il.Emit(OpCodes.Stloc, target);
            il.Emit(OpCodes.Ldloc, sp); I(1); il.Emit(OpCodes.Sub); I(0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Stloc, sp);
        }

        private static int BitByte(int bit) => bit < 0x80 ? 0x20 + (bit >> 3) : bit & 0xF8;

        /// <summary>Pushes 0 or 1.</summary>
        private void LoadBit(int bit)
        {
            LoadDirect(BitByte(bit));
            int shift = bit & 7;
            if (shift != 0) { I(shift); il.Emit(OpCodes.Shr_Un); }
            I(1); il.Emit(OpCodes.And);
        }

        /// <summary>Writes the 0/1 that <paramref name="value"/> pushes into the bit (read-modify-write of its byte).</summary>
        private void StoreBit(int bit, Action value)
        {
            int address = BitByte(bit), mask = 1 << (bit & 7);
            value(); I(bit & 7); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Stloc, t1);
            StoreDirect(address, () => { LoadDirect(address); I(~mask & 0xFF); il.Emit(OpCodes.And); il.Emit(OpCodes.Ldloc, t1); il.Emit(OpCodes.Or); });
        }
    }
}
