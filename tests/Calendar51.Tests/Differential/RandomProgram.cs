namespace Calendar51.Tests.Differential;

/// <summary>
/// Seeded random MCS-51 instruction streams that use every opcode with valid operands and end in
/// `SJMP $`. The stream never runs into the weeds: jumps go forward a few instructions to an
/// instruction boundary, calls go to generated subroutines that return, PUSH/POP come in pairs,
/// @Ri and MOVX addresses are loaded just before use, direct writes stay below the stack or in
/// harmless SFRs, and PCON/IE/SP/SCON are never written by the random part.
/// </summary>
public sealed partial class RandomProgram
{
    private enum JumpField { Relative, Addr11, Addr16, Immediate16 }

    private const int StackBase = 0x60;       // SP starts here; direct writes stay below it
    private const int MaxUnitsSkipped = 4;    // forward jumps skip at most this many units
    private const byte SjmpOpcode = 0x80;

    private readonly PartProfile _part;
    private readonly Random _random;
    private readonly bool _includeA5;
    private readonly List<byte> _code = [];
    private readonly List<PendingJump> _pending = [];
    private readonly List<int> _subroutines = [];
    private readonly byte[] _directReads;
    private readonly byte[] _directWrites;
    private readonly byte[] _bits;
    private readonly byte[] _indirectAddresses;
    private readonly ushort[] _xramAddresses;
    private readonly bool _withInterrupts;

    private sealed class PendingJump(int patchAt, int endOfInstruction, JumpField kind, int unitsLeft)
    {
        public int PatchAt { get; } = patchAt;
        public int EndOfInstruction { get; } = endOfInstruction;
        public JumpField Kind { get; } = kind;
        public int UnitsLeft { get; set; } = unitsLeft;
    }

    /// <param name="withInterrupts">
    /// Also run timer, UART and Timer 2 interrupts over the stream (<see cref="EmitInterruptSystem"/>):
    /// random modes, reloads, priorities, UART traffic and handlers of random length.
    /// </param>
    public static byte[] Generate(PartProfile part, int seed, int units, bool includeA5, bool withInterrupts = false) =>
        new RandomProgram(part, seed, includeA5, withInterrupts).Build(units);

    private RandomProgram(PartProfile part, int seed, bool includeA5, bool withInterrupts)
    {
        _part = part;
        _random = new Random(seed);
        _includeA5 = includeA5;
        _withInterrupts = withInterrupts;

        var writableSfrs = new List<byte> { 0xE0, 0xF0, 0xD0, 0x82, 0x83, 0x90, 0x8A, 0x8C, 0x8B, 0x8D };
        if (part.HasTimer2)
        {
            writableSfrs.AddRange([0xCC, 0xCD, 0xCA, 0xCB]);
        }
        if (part.OnChipXramSize == 0)
        {
            // P2 is the high address byte of MOVX @Ri; the on-chip XRAM part keeps it 0.
            writableSfrs.Add(0xA0);
        }
        var ram = Enumerable.Range(0, StackBase).Select(a => (byte)a).ToList();
        _directWrites = [.. ram, .. writableSfrs, .. writableSfrs, .. writableSfrs];
        // Reading the stack area, SP, TCON, TMOD, SCON, IE, IP and P2 is harmless; writing them is not.
        byte[] readOnly = [0x81, 0x88, 0x89, 0x98, 0xA8, 0xB8, 0xA0];
        _directReads = [.. _directWrites, .. Enumerable.Range(StackBase, 0x20).Select(a => (byte)a), .. readOnly];
        _bits =
        [
            .. Enumerable.Range(0x00, 0x80).Select(a => (byte)a),
            .. Enumerable.Range(0xE0, 8).Select(a => (byte)a),
            .. Enumerable.Range(0xF0, 8).Select(a => (byte)a),
            .. Enumerable.Range(0xD0, 8).Select(a => (byte)a),
            .. Enumerable.Range(0x90, 8).Select(a => (byte)a),
            .. Enumerable.Range(0x88, 8).Select(a => (byte)a),
        ];
        _indirectAddresses = part.IramSize == 256
            ? [.. Enumerable.Range(0, StackBase).Select(a => (byte)a), .. Enumerable.Range(0x80, 0x80).Select(a => (byte)a)]
            : [.. Enumerable.Range(0, StackBase).Select(a => (byte)a)];
        // A small pool so that later MOVX reads see earlier MOVX writes.
        var xramLimit = part.OnChipXramSize > 0 ? part.OnChipXramSize : 0x10000;
        _xramAddresses = [.. Enumerable.Range(0, 6).Select(_ => (ushort)_random.Next(xramLimit))];
    }

    private byte[] Build(int units)
    {
        if (_withInterrupts) EmitInterruptHandlers();
        EmitPrologue();
        if (_withInterrupts) EmitInterruptSetup();
        var overSubroutines = _code.Count + 1;
        Emit(0x02, 0, 0);                                       // LJMP over the subroutines (patched below)
        for (var i = 0; i < 3; i++)
        {
            _subroutines.Add(_code.Count);
            var bodyLength = _random.Next(0, 5);
            for (var j = 0; j < bodyLength; j++)
            {
                EmitStraightLineInstruction();
            }
            Emit(i == 2 ? (byte)0x32 : (byte)0x22);               // RET, and one RETI (acts as RET with no interrupt in progress)
        }
        _code[overSubroutines] = (byte)(_code.Count >> 8);
        _code[overSubroutines + 1] = (byte)_code.Count;
        for (var unit = 0; unit < units; unit++)
        {
            EmitUnit();
            UnitDone();
        }
        var end = _code.Count;
        if (end >= 0x800)
        {
            throw new InvalidOperationException($"random program of {end} bytes leaves the first 2 KB page that ACALL/AJMP assume");
        }
        foreach (var jump in _pending)
        {
            Patch(jump, end);
        }
        _pending.Clear();
        Emit(SjmpOpcode, 0xFE);
        // Filler after the end so that MOVC A,@A+PC and @A+DPTR (DPTR <= 0x100) read defined code.
        var imageLength = Math.Max(0x200, _code.Count + 0x100);
        while (_code.Count < imageLength)
        {
            _code.Add((byte)_random.Next(256));
        }
        if (_code.Count > _part.CodeSize)
        {
            throw new InvalidOperationException($"random program of {_code.Count} bytes exceeds {_part.Part}'s {_part.CodeSize} bytes");
        }
        return [.. _code];
    }

    private void EmitPrologue()
    {
        Emit(0x75, 0x81, StackBase);                                  // MOV SP,#StackBase
        var timerModes = _random.Next(256);
        if ((timerModes & 0x03) == 0x03)
        {
            // Timer 0 in mode 3 takes TR1, and Timer 1 then runs whenever it is not in mode 3
            // (Intel MCS-51 manual, "Mode 3"); s51 keeps gating Timer 1 with TR1 (README.md).
            // Putting Timer 1 in mode 3 too holds it on both.
            timerModes |= 0x30;
        }
        Emit(0x75, 0x89, (byte)timerModes);                           // MOV TMOD,#random
        foreach (var timerRegister in new byte[] { 0x8A, 0x8B, 0x8C, 0x8D })
        {
            Emit(0x75, timerRegister, (byte)_random.Next(256));
        }
        Emit(0x75, 0x88, (byte)(_random.Next(4) switch { 0 => 0x00, 1 => 0x10, 2 => 0x40, _ => 0x50 }));  // TR0/TR1
        if (_part.HasTimer2)
        {
            foreach (var timer2Register in new byte[] { 0xCA, 0xCB, 0xCC, 0xCD })
            {
                Emit(0x75, timer2Register, (byte)_random.Next(256));
            }
            Emit(0x75, 0xC8, (byte)(_random.Next(3) switch { 0 => 0x00, 1 => 0x04, _ => 0x05 }));  // TR2, auto-reload or capture
        }
        if (_part.OnChipXramSize > 0)
        {
            Emit(0x75, 0xA0, 0x00);                                     // MOV P2,#0
        }
        Emit(0x74, (byte)_random.Next(256));                          // MOV A,#random
    }

    /// <summary>One unit: an instruction with whatever set-up it needs; jumps land between units.</summary>
    private void EmitUnit()
    {
        while (true)
        {
            var opcode = (byte)_random.Next(256);
            if (TryEmitControl(opcode) || TryEmitDataInstruction(opcode))
            {
                return;
            }
        }
    }

    private void EmitStraightLineInstruction()
    {
        while (!TryEmitDataInstruction((byte)_random.Next(256)))
        {
        }
    }

    private bool TryEmitControl(byte opcode)
    {
        switch (opcode)
        {
            case 0x80: // SJMP forward
                EmitWithJump([opcode], JumpField.Relative);
                return true;
            case 0x40 or 0x50 or 0x60 or 0x70: // JC, JNC, JZ, JNZ
                EmitWithJump([opcode], JumpField.Relative);
                return true;
            case 0x10: // JBC bit,rel
                EmitWithJump([opcode, PickBitWrite()], JumpField.Relative);
                return true;
            case 0x20 or 0x30: // JB, JNB bit,rel
                EmitWithJump([opcode, PickBit()], JumpField.Relative);
                return true;
            case 0xB4: // CJNE A,#imm,rel
                EmitWithJump([opcode, RandomByte()], JumpField.Relative);
                return true;
            case 0xB5: // CJNE A,direct,rel
                EmitWithJump([opcode, Pick(_directReads)], JumpField.Relative);
                return true;
            case 0xB6 or 0xB7: // CJNE @Ri,#imm,rel
                LoadPointer(opcode & 1);
                EmitWithJump([opcode, RandomByte()], JumpField.Relative);
                return true;
            case >= 0xB8 and <= 0xBF: // CJNE Rn,#imm,rel
                EmitWithJump([opcode, RandomByte()], JumpField.Relative);
                return true;
            case 0xD5: // DJNZ direct,rel
                EmitWithJump([opcode, PickDirectWrite()], JumpField.Relative);
                return true;
            case >= 0xD8 and <= 0xDF: // DJNZ Rn,rel
                EmitWithJump([opcode], JumpField.Relative);
                return true;
            case 0x02: // LJMP forward
                EmitWithJump([opcode], JumpField.Addr16);
                return true;
            case 0x12: // LCALL subroutine
                var target = Pick(_subroutines);
                Emit(opcode, (byte)(target >> 8), (byte)target);
                return true;
            case 0x73: // JMP @A+DPTR with A = 0 and DPTR = a forward unit boundary
                Emit(0xE4);                                           // CLR A
                var patchAt = _code.Count + 1;
                Emit(0x90, 0, 0);                                     // MOV DPTR,#target (patched)
                Emit(0x73);
                _pending.Add(new PendingJump(patchAt, _code.Count, JumpField.Immediate16, _random.Next(MaxUnitsSkipped + 1)));
                return true;
            case 0x22 or 0x32: // RET and RETI only end subroutines
                return false;
        }
        if ((opcode & 0x1F) == 0x01) // AJMP forward
        {
            EmitWithJump([opcode], JumpField.Addr11);
            return true;
        }
        if ((opcode & 0x1F) == 0x11) // ACALL subroutine (same 2 KB page: programs are smaller)
        {
            var target = Pick(_subroutines);
            Emit((byte)(((target >> 3) & 0xE0) | 0x11), (byte)target);
            return true;
        }
        if (opcode == 0xC0) // PUSH, something straight-line, POP: the stack stays balanced on every path
        {
            Emit(0xC0, Pick(_directReads));
            if (_random.Next(2) == 0)
            {
                EmitStraightLineInstruction();
            }
            Emit(0xD0, PickDirectWrite());
            return true;
        }
        return false;
    }

    /// <summary>Instructions that neither branch nor touch the stack; false if this opcode is not one.</summary>
    private bool TryEmitDataInstruction(byte opcode)
    {
        var low = opcode & 0x0F;
        var high = opcode >> 4;
        if (opcode == 0xA5)
        {
            if (!_includeA5)
            {
                return false;
            }
            Emit(opcode);
            return true;
        }
        if (low >= 0x08)
        {
            // Rn column: 0x78 MOV Rn,#; 0x88 MOV dir,Rn; 0xA8 MOV Rn,dir; 0xB8/0xD8 jump (handled above).
            switch (high)
            {
                case 0x7: Emit(opcode, RandomByte()); return true;
                case 0x8: Emit(opcode, PickDirectWrite()); return true;
                case 0xA: Emit(opcode, Pick(_directReads)); return true;
                case 0xB or 0xD: return false;
                default: Emit(opcode); return true;
            }
        }
        if (low is 0x06 or 0x07)
        {
            switch (high)
            {
                case 0xB: return false;                               // CJNE @Ri (handled above)
                case 0x7: LoadPointer(opcode & 1); Emit(opcode, RandomByte()); return true;
                case 0x8: LoadPointer(opcode & 1); Emit(opcode, PickDirectWrite()); return true;
                case 0xA: LoadPointer(opcode & 1); Emit(opcode, Pick(_directReads)); return true;
                default: LoadPointer(opcode & 1); Emit(opcode); return true;
            }
        }
        switch (opcode)
        {
            case 0x00 or 0x03 or 0x13 or 0x23 or 0x33 or 0xA3 or 0xB3 or 0xC3 or 0xD3:
            case 0x04 or 0x14 or 0x84 or 0xA4 or 0xC4 or 0xD4 or 0xE4 or 0xF4:
                Emit(opcode);
                return true;
            case 0x24 or 0x34 or 0x44 or 0x54 or 0x64 or 0x74 or 0x94:
                Emit(opcode, RandomByte());
                return true;
            case 0x05 or 0x15 or 0x42 or 0x52 or 0x62 or 0xC5 or 0xF5:
                Emit(opcode, PickDirectWrite());
                return true;
            case 0x25 or 0x35 or 0x45 or 0x55 or 0x65 or 0x95 or 0xE5:
                Emit(opcode, Pick(_directReads));
                return true;
            case 0x43 or 0x53 or 0x63 or 0x75:
                Emit(opcode, PickDirectWrite(), RandomByte());
                return true;
            case 0x85: // MOV dest,src is encoded source first
                Emit(opcode, Pick(_directReads), PickDirectWrite());
                return true;
            case 0x72 or 0x82 or 0xA0 or 0xB0 or 0xA2:
                Emit(opcode, PickBit());
                return true;
            case 0x92 or 0xB2 or 0xC2 or 0xD2:
                Emit(opcode, PickBitWrite());
                return true;
            case 0x90:
                Emit(opcode, RandomByte(), RandomByte());
                return true;
            case 0x83: // MOVC A,@A+PC: the filler after the program keeps it inside the image
                Emit(opcode);
                return true;
            case 0x93: // MOVC A,@A+DPTR with DPTR <= 0x100, inside the image
                var table = _random.Next(0x101);
                Emit(0x90, (byte)(table >> 8), (byte)table);
                Emit(opcode);
                return true;
            case 0xE0 or 0xF0 when _part.HasAnyXram:
                var address = Pick(_xramAddresses);
                Emit(0x90, (byte)(address >> 8), (byte)address);
                Emit(opcode);
                return true;
            case 0xE2 or 0xE3 or 0xF2 or 0xF3 when _part.HasAnyXram:
                Emit((byte)(0x78 | (opcode & 1)), (byte)Pick(_xramAddresses));  // MOV Ri,#low byte
                Emit(opcode);
                return true;
        }
        return false;
    }

    private void LoadPointer(int register) => Emit((byte)(0x78 | register), Pick(_indirectAddresses));

    private void EmitWithJump(byte[] head, JumpField kind)
    {
        var placeholder = kind switch { JumpField.Relative => 1, JumpField.Addr11 => 1, JumpField.Addr16 => 2, _ => throw new ArgumentOutOfRangeException(nameof(kind)) };
        var start = _code.Count;
        _code.AddRange(head);
        var patchAt = _code.Count;
        for (var i = 0; i < placeholder; i++)
        {
            _code.Add(0);
        }
        _pending.Add(new PendingJump(kind == JumpField.Addr11 ? start : patchAt, _code.Count, kind, _random.Next(MaxUnitsSkipped + 1)));
    }

    private void UnitDone()
    {
        var here = _code.Count;
        foreach (var jump in _pending.ToList())
        {
            if (jump.UnitsLeft-- == 0)
            {
                Patch(jump, here);
                _pending.Remove(jump);
            }
        }
    }

    private void Patch(PendingJump jump, int target)
    {
        switch (jump.Kind)
        {
            case JumpField.Relative:
                var offset = target - jump.EndOfInstruction;
                if (offset is < 0 or > 127)
                {
                    throw new InvalidOperationException($"relative jump of {offset} at 0x{jump.PatchAt:X4}");
                }
                _code[jump.PatchAt] = (byte)offset;
                break;
            case JumpField.Addr11:
                if ((target & 0xF800) != (jump.EndOfInstruction & 0xF800))
                {
                    throw new InvalidOperationException($"AJMP at 0x{jump.PatchAt:X4} cannot reach 0x{target:X4}");
                }
                _code[jump.PatchAt] = (byte)(((target >> 3) & 0xE0) | 0x01);
                _code[jump.PatchAt + 1] = (byte)target;
                break;
            case JumpField.Addr16 or JumpField.Immediate16:
                _code[jump.PatchAt] = (byte)(target >> 8);
                _code[jump.PatchAt + 1] = (byte)target;
                break;
        }
    }

    private void Emit(params byte[] bytes) => _code.AddRange(bytes);

    private byte RandomByte() => (byte)_random.Next(256);

    private byte PickBit() => Pick(_bits);

    /// <summary>Any bit, RS0/RS1 and PSW.P included (s51's handling of both is reproduced in compat mode).</summary>
    private byte PickBitWrite() => Pick(_bits);

    private byte PickDirectWrite()
    {
        var address = Pick(_directWrites);
        return address;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
