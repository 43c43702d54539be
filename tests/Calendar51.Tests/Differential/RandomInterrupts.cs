namespace Calendar51.Tests.Differential;

/// <summary>
/// The interrupt half of the random streams: a vector table, handlers of random length for Timer 0,
/// Timer 1, the UART and Timer 2, and a set-up with random priorities, serial mode, SMOD and a first
/// byte to send. Handlers touch only scratch RAM (30h–5Fh), the RAM bits and their own peripheral
/// (no ACC, PSW, register or stack changes), so the main stream keeps its guarantees whenever it is
/// interrupted; flags and reloads make the next interrupt come at a random phase.
/// </summary>
public sealed partial class RandomProgram
{
    private const int HandlersStart = 0x33;
    private const int ScratchStart = 0x30;

    private void EmitInterruptHandlers()
    {
        Emit(0x02, 0, 0);                                           // LJMP to the main stream (patched below)
        var vectors = new List<(int Vector, Action Body)>
        {
            (0x0B, () => EmitTimerReload(0x8A, 0x8C)),
            (0x1B, () => EmitTimerReload(0x8B, 0x8D)),
            (0x23, EmitSerialHandlerBody),
        };
        if (_part.HasTimer2) vectors.Add((0x2B, () => Emit(0xC2, 0xCF, 0xC2, 0xCE)));   // CLR TF2, CLR EXF2: not cleared by hardware
        while (_code.Count < HandlersStart) _code.Add(0xFF);
        foreach (var (vector, body) in vectors)
        {
            int handler = _code.Count;
            _code[vector] = 0x02;                                    // LJMP handler
            _code[vector + 1] = (byte)(handler >> 8);
            _code[vector + 2] = (byte)handler;
            int before = _random.Next(0, 12);
            for (int i = 0; i < before; i++) EmitHandlerInstruction();
            body();
            int after = _random.Next(0, 4);
            for (int i = 0; i < after; i++) EmitHandlerInstruction();
            Emit(0x32);                                             // RETI
        }
        _code[1] = (byte)(_code.Count >> 8);
        _code[2] = (byte)_code.Count;
    }

    /// <summary>Sometimes reloads the timer's count (modes 0/1 need it to come back at another phase).</summary>
    private void EmitTimerReload(byte low, byte high)
    {
        if (_random.Next(2) == 0) Emit(0x75, high, (byte)_random.Next(256));
        if (_random.Next(2) == 0) Emit(0x75, low, (byte)_random.Next(256));
    }

    private void EmitSerialHandlerBody()
    {
        Emit(0xC2, 0x99, 0xC2, 0x98);                               // CLR TI, CLR RI
        if (_random.Next(4) != 0) Emit(0x75, 0x99, (byte)_random.Next(256));   // MOV SBUF,#x: the next byte
        if (_random.Next(3) == 0) Emit(_random.Next(2) == 0 ? (byte)0xD2 : (byte)0xC2, 0x9B);   // SETB/CLR TB8
    }

    /// <summary>An instruction that changes no flag, ACC, register or SP: scratch RAM and RAM bits only.</summary>
    private void EmitHandlerInstruction()
    {
        byte scratch = (byte)_random.Next(ScratchStart, StackBase);
        byte other = (byte)_random.Next(ScratchStart, StackBase);
        byte bit = (byte)_random.Next(0x80);
        byte value = (byte)_random.Next(256);
        switch (_random.Next(9))
        {
            case 0: Emit(0x05, scratch); break;                     // INC direct
            case 1: Emit(0x15, scratch); break;                     // DEC direct
            case 2: Emit(0x75, scratch, value); break;              // MOV direct,#data
            case 3: Emit(0x85, other, scratch); break;              // MOV direct,direct
            case 4: Emit(0x43, scratch, value); break;              // ORL direct,#data
            case 5: Emit(0x63, scratch, value); break;              // XRL direct,#data
            case 6: Emit(0xB2, bit); break;                         // CPL bit
            case 7: Emit(0x00); break;                              // NOP
            default: Emit(0x05, scratch, 0x00); break;              // INC direct; NOP
        }
    }

    private void EmitInterruptSetup()
    {
        // Short timer periods so that interrupts come often, sometimes faster than a handler runs.
        if (_random.Next(3) != 0)
        {
            int modes = _random.Next(3) switch { 0 => 0x22, 1 => 0x21, _ => 0x12 } | (_random.Next(4) == 0 ? 0x88 : 0);   // sometimes GATE (INT pins high)
            Emit(0x75, 0x89, (byte)modes);                          // MOV TMOD
            Emit(0x75, 0x8C, (byte)(256 - _random.Next(8, 90)));    // TH0: reload or high byte
            Emit(0x75, 0x8D, (byte)(256 - _random.Next(8, 90)));    // TH1
            Emit(0x75, 0x88, (byte)(_random.Next(5) == 0 ? 0x10 : 0x50));   // TR0, TR1
        }
        if (_part.HasTimer2 && _random.Next(2) == 0)
        {
            Emit(0x75, 0xCB, 0xFF, 0x75, 0xCA, (byte)(256 - _random.Next(20, 200)));   // RCAP2 near the top: short period
        }
        int mode = _random.Next(4);
        Emit(0x75, 0x98, (byte)((mode << 6) | (_random.Next(2) << 3)));   // MOV SCON,#mode (REN = 0), TB8 random
        if (_random.Next(2) == 0) Emit(0x75, 0x87, 0x80);           // MOV PCON,#80h: SMOD
        if (_part.HasTimer2 && _random.Next(4) == 0) Emit(0x75, 0xC8, 0x34);   // Timer 2 as baud generator (RCLK, TCLK, TR2)
        int sources = 0x02 | 0x08 | 0x10 | (_part.HasTimer2 ? 0x20 : 0);
        Emit(0x75, 0xB8, (byte)(_random.Next(256) & sources));      // MOV IP,#random
        int enabled;
        do enabled = _random.Next(256) & sources; while (enabled == 0);
        Emit(0x75, 0xA8, (byte)(0x80 | enabled));                   // MOV IE,#EA|random sources
        if (_random.Next(4) != 0) Emit(0x75, 0x99, (byte)_random.Next(256));   // MOV SBUF,#x: start the traffic
    }
}
