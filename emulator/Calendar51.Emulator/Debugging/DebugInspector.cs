using System.Globalization;
using System.Text;
using Calendar51.Emulator.Cpu;

namespace Calendar51.Emulator.Debugging;

/// <summary>
/// A value shown by a debugger: its text, C type, the values inside it (array elements, struct
/// members, a pointer's target), and the first byte it occupies as a <see cref="MemoryCell"/> (-1
/// when it has none, e.g. a register pair) so a data breakpoint can watch it.
/// </summary>
public sealed record DebugValue(string Name, string Value, string Type, IReadOnlyList<DebugValue> Children, int Cell = -1, int Size = 0);

/// <summary>A frame of the call stack: the PC in it and, with symbols, its function and C line.</summary>
public sealed record DebugFrame(int Pc, CdbFunction? Function, CdbLine? Line);

/// <summary>An expression the debugger cannot evaluate; the message says why.</summary>
public sealed class EvaluationException(string message) : Exception(message);

/// <summary>
/// Reads a stopped MCU through its symbols: the call stack from the return addresses on the 8051
/// stack, variables by their C type wherever SDCC put them (data, idata, xdata, code, bits,
/// registers of the function's bank), registers and SFRs by name, and expressions
/// (<c>name</c>, <c>SFR</c>, <c>*0x30</c>, <c>code[0x100]</c>, <c>xdata[0x10]</c>, <c>R3</c>).
/// </summary>
public sealed class DebugInspector(Mcs51 cpu, DebugSymbols? symbols)
{
    private const int MaximumFrames = 64;
    private const int MaximumElements = 256;
    private const int PointerDepth = 2;

    public DebugSymbols? Symbols => symbols;

    /// <summary>
    /// The call stack, innermost first. Walks down from SP looking for return addresses: two bytes
    /// (high on top) just after an LCALL or ACALL of the function the walk is in, or, above an
    /// interrupt handler, any address inside a known function.
    /// </summary>
    public IReadOnlyList<DebugFrame> StackTrace()
    {
        var frames = new List<DebugFrame> { Frame(cpu.PC) };
        var ram = cpu.InternalRam;
        var current = symbols?.FunctionAt(cpu.PC);
        for (int s = cpu.PeekDirect(Sfr.SP); s >= 1 && frames.Count < MaximumFrames; s--)
        {
            if (s >= ram.Length) continue;
            int returnAddress = (ram[s] << 8) | ram[s - 1];
            if (!IsReturnInto(returnAddress, current)) continue;
            frames.Add(Frame(returnAddress));
            current = symbols?.FunctionAt(returnAddress);
            s--;
        }
        return frames;
    }

    private DebugFrame Frame(int pc) => new(pc, symbols?.FunctionAt(pc), symbols?.LineAt(pc));

    private bool IsReturnInto(int returnAddress, CdbFunction? callee)
    {
        var code = cpu.CodeMemory;
        if (returnAddress < 2 || returnAddress >= code.Length) return false;
        int? target = null;
        if (returnAddress >= 3 && code[returnAddress - 3] == 0x12)
            target = (code[returnAddress - 2] << 8) | code[returnAddress - 1];
        else if ((code[returnAddress - 2] & 0x1F) == 0x11)
            target = (returnAddress & 0xF800) | ((code[returnAddress - 2] >> 5) << 8) | code[returnAddress - 1];
        // In code the symbols do not cover (SDCC's library, or no symbols at all) any call will do.
        if (callee is null) return target is not null;
        if (target == callee.Start) return true;
        return callee.IsInterrupt && symbols!.FunctionAt(returnAddress) is not null;
    }

    /// <summary>Parameters and locals of <paramref name="function"/>; register variables only for the innermost frame (a callee may have reused the registers).</summary>
    public IReadOnlyList<DebugValue> Locals(CdbFunction function, bool innermost)
    {
        if (symbols is null) return [];
        return [.. symbols.Variables
            .Where(v => v.Function == function.Name && (v.Module is null || v.Module == function.Module || function.Module is null))
            .Where(v => innermost || v.Space != VariableSpace.Registers)
            .OrderBy(v => v.Level).ThenBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => Value(v, function.RegisterBank))];
    }

    /// <summary>Globals, then file statics (named <c>module::name</c>).</summary>
    public IReadOnlyList<DebugValue> Globals()
    {
        if (symbols is null) return [];
        return [.. symbols.Variables.Where(v => v.Function is null)
            .OrderBy(v => v.IsFileStatic).ThenBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => Value(v, 0) with { Name = v.IsFileStatic ? $"{v.Module}::{v.Name}" : v.Name })];
    }

    /// <summary>A, B, PSW, SP, DPTR, PC, R0–R7 of the current bank, and the machine-cycle count.</summary>
    public IReadOnlyList<DebugValue> Registers()
    {
        int bank = cpu.PeekDirect(Sfr.PSW) & 0x18;
        var list = new List<DebugValue>
        {
            Byte("A", Sfr.ACC, MemoryCell.Sfr(Sfr.ACC), cpu.PeekDirect(Sfr.ACC)),
            Byte("B", Sfr.B, MemoryCell.Sfr(Sfr.B), cpu.PeekDirect(Sfr.B)),
            Byte("PSW", Sfr.PSW, MemoryCell.Sfr(Sfr.PSW), cpu.PeekDirect(Sfr.PSW)),
            Byte("SP", Sfr.SP, MemoryCell.Sfr(Sfr.SP), cpu.PeekDirect(Sfr.SP)),
            new("DPTR", Hex((cpu.PeekDirect(Sfr.DPH) << 8) | cpu.PeekDirect(Sfr.DPL), 4), "unsigned int", []),
            new("PC", Hex(cpu.PC, 4), "code address", []),
        };
        for (int r = 0; r < 8; r++) list.Add(Byte($"R{r}", bank + r, MemoryCell.Iram(bank + r), cpu.InternalRam[bank + r]));
        list.Add(new DebugValue("cycles", cpu.Cycles.ToString(CultureInfo.InvariantCulture), "machine cycles", []));
        return list;
    }

    /// <summary>Every SFR of the part by datasheet name (ports as latches).</summary>
    public IReadOnlyList<DebugValue> SpecialFunctionRegisters() =>
        [.. Sfr.For(cpu.Part).Select(s => Byte(s.Name, s.Address, MemoryCell.Sfr(s.Address), cpu.PeekDirect(s.Address)))];

    private static DebugValue Byte(string name, int address, int cell, byte value) =>
        new(name, $"{Hex(value, 2)} ({value})", "unsigned char", [], cell, 1);

    /// <summary>
    /// Evaluates a variable name (the innermost frame's locals first, then file statics, then globals),
    /// an SFR or register name, <c>*ADDR</c> (a byte of internal RAM), or <c>SPACE[ADDR]</c> for
    /// <c>code</c>, <c>data</c>, <c>idata</c>, <c>xdata</c>, <c>sfr</c>.
    /// </summary>
    public DebugValue Evaluate(string expression, CdbFunction? frameFunction, bool innermost = true)
    {
        string text = expression.Trim();
        if (text.Length == 0) throw new EvaluationException("empty expression");
        if (text.StartsWith('*'))
        {
            int address = ParseAddress(text[1..], 0xFF, text);
            return Byte(text, address, MemoryCell.Iram(address), cpu.InternalRam.Length > address ? cpu.InternalRam[address] : (byte)0xFF);
        }
        int bracket = text.IndexOf('[');
        if (bracket > 0 && text.EndsWith(']'))
        {
            string space = text[..bracket].Trim().ToLowerInvariant();
            string index = text[(bracket + 1)..^1];
            if (space is "code" or "data" or "idata" or "xdata" or "sfr")
            {
                int limit = space switch { "code" => cpu.CodeMemory.Length - 1, "xdata" => Math.Max(cpu.DataMemory.Length - 1, 0), "sfr" => 0xFF, _ => cpu.InternalRam.Length - 1 };
                int address = ParseAddress(index, limit, text);
                return space switch
                {
                    "code" => Byte(text, address, -1, cpu.CodeMemory[address]),
                    "xdata" => cpu.DataMemory.Length == 0
                        ? throw new EvaluationException($"the {cpu.Part.Name} has no external data memory")
                        : Byte(text, address, MemoryCell.Xdata(address), cpu.DataMemory[address]),
                    "sfr" => address < 0x80 ? throw new EvaluationException($"{text}: SFRs are at 0x80–0xFF") : Byte(text, address, MemoryCell.Sfr(address), cpu.PeekDirect(address)),
                    _ => Byte(text, address, MemoryCell.Iram(address), cpu.InternalRam[address]),
                };
            }
        }
        if (symbols is not null)
        {
            var variable = FindVariable(text, frameFunction, innermost);
            if (variable is not null) return Value(variable, frameFunction?.RegisterBank ?? 0) with { Name = text };
        }
        var register = Registers().FirstOrDefault(r => r.Name.Equals(text, StringComparison.OrdinalIgnoreCase))
            ?? SpecialFunctionRegisters().FirstOrDefault(r => r.Name.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (register is not null) return register with { Name = text };
        throw new EvaluationException(symbols is null
            ? $"'{text}' is not a register or SFR name, *ADDR or code/data/idata/xdata/sfr[ADDR] (no symbols are loaded for variables)"
            : $"'{text}' is not a variable, register or SFR name, *ADDR or code/data/idata/xdata/sfr[ADDR]");
    }

    private CdbVariable? FindVariable(string name, CdbFunction? function, bool innermost)
    {
        var all = symbols!.Variables;
        string? module = null;
        int separator = name.IndexOf("::", StringComparison.Ordinal);
        if (separator > 0)
        {
            module = name[..separator];
            name = name[(separator + 2)..];
            return all.FirstOrDefault(v => v.Name == name && v.Module == module && v.Function is null);
        }
        if (function is not null)
        {
            var local = all.Where(v => v.Name == name && v.Function == function.Name && (innermost || v.Space != VariableSpace.Registers))
                .OrderByDescending(v => v.Level).FirstOrDefault();
            if (local is not null) return local;
            var fileStatic = all.FirstOrDefault(v => v.Name == name && v.IsFileStatic && v.Module == function.Module);
            if (fileStatic is not null) return fileStatic;
        }
        return all.FirstOrDefault(v => v.Name == name && v.IsGlobal) ?? all.FirstOrDefault(v => v.Name == name && v.IsFileStatic);
    }

    private static int ParseAddress(string text, int limit, string expression)
    {
        string digits = text.Trim();
        bool ok = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value)
            : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok) throw new EvaluationException($"{expression}: '{digits}' is not an address (use 0x30 or 48)");
        if (value > limit) throw new EvaluationException($"{expression}: 0x{value:X} is beyond the end of that memory (0x{limit:X})");
        return value;
    }

    // ---- values by C type --------------------------------------------------------------------

    /// <summary>Where a value's bytes are: a memory space and address, or a list of bank registers.</summary>
    private readonly record struct Location(VariableSpace Space, int Address, IReadOnlyList<int>? Registers = null, int Bank = 0)
    {
        public Location Offset(int bytes) => this with { Address = Address + bytes };
    }

    /// <summary>The value of a variable; <paramref name="bank"/> is the register bank of the function it belongs to.</summary>
    public DebugValue Value(CdbVariable variable, int bank)
    {
        if (variable.Space == VariableSpace.Registers)
        {
            if (variable.Registers.Count == 0 || variable.Registers.Any(r => r < 0))
                return new DebugValue(variable.Name, "<in a register other than R0–R7>", variable.Type.Name, []);
            return Read(variable.Name, variable.Type, new Location(VariableSpace.Registers, 0, variable.Registers, bank * 8), PointerDepth);
        }
        if (variable.Space is VariableSpace.Stack or VariableSpace.Unknown)
            return new DebugValue(variable.Name, "<on the stack: not shown>", variable.Type.Name, []);
        if (variable.Address < 0)
            return new DebugValue(variable.Name, "<no address in the symbols>", variable.Type.Name, []);
        return Read(variable.Name, variable.Type, new Location(variable.Space, variable.Address), PointerDepth);
    }

    private DebugValue Read(string name, CType type, Location at, int depth)
    {
        int cell = CellOf(at);
        switch (type.Kind)
        {
            case CTypeKind.Bit:
                {
                    int bit = at.Space == VariableSpace.Bit ? at.Address : -1;
                    bool set = bit >= 0
                        ? ((bit < 0x80 ? cpu.InternalRam[0x20 + (bit >> 3)] : cpu.PeekDirect(bit & 0xF8)) & (1 << (bit & 7))) != 0
                        : ((ReadByte(at, 0) >> type.BitOffset) & 1) != 0;
                    return new DebugValue(name, set ? "1" : "0", type.Name, [], bit >= 0 ? MemoryCell.OfBit(bit) : cell, 1);
                }
            case CTypeKind.Char:
                {
                    byte raw = ReadByte(at, 0);
                    int value = type.IsUnsigned ? raw : (sbyte)raw;
                    string text = raw is >= 0x20 and < 0x7F ? $"{value} '{(char)raw}'" : value.ToString(CultureInfo.InvariantCulture);
                    return new DebugValue(name, text, type.Name, [], cell, 1);
                }
            case CTypeKind.Short:
            case CTypeKind.Int:
                {
                    int raw = ReadByte(at, 0) | (ReadByte(at, 1) << 8);
                    int value = type.IsUnsigned ? raw : (short)raw;
                    return new DebugValue(name, value.ToString(CultureInfo.InvariantCulture), type.Name, [], cell, 2);
                }
            case CTypeKind.Long:
                {
                    uint raw = ReadUInt32(at);
                    string text = type.IsUnsigned ? raw.ToString(CultureInfo.InvariantCulture) : ((int)raw).ToString(CultureInfo.InvariantCulture);
                    return new DebugValue(name, text, type.Name, [], cell, 4);
                }
            case CTypeKind.Float:
                return new DebugValue(name, BitConverter.UInt32BitsToSingle(ReadUInt32(at)).ToString("G7", CultureInfo.InvariantCulture), type.Name, [], cell, 4);
            case CTypeKind.Array:
                {
                    var element = type.Element!;
                    int elementSize = SizeOf(element);
                    int shown = Math.Min(type.Count, MaximumElements);
                    var children = new List<DebugValue>(shown);
                    for (int i = 0; i < shown; i++) children.Add(Read($"[{i}]", element, at.Offset(i * elementSize), depth));
                    string summary = "{" + string.Join(", ", children.Take(8).Select(c => c.Value)) + (type.Count > 8 ? ", …}" : "}");
                    return new DebugValue(name, summary, type.Name, children, cell, elementSize * type.Count);
                }
            case CTypeKind.Struct:
                {
                    var fields = symbols?.Structs.TryGetValue(type.StructName ?? "", out var f) == true ? f : [];
                    var children = fields.Select(field => Read(field.Name, field.Type, at.Offset(field.Offset), depth)).ToList();
                    string summary = "{" + string.Join(", ", children.Select(c => $"{c.Name}={c.Value}")) + "}";
                    return new DebugValue(name, summary, type.Name, children, cell, SizeOf(type));
                }
            case CTypeKind.Pointer:
                return ReadPointer(name, type, at, depth, cell);
            default:
                return new DebugValue(name, "<" + type.Name + ">", type.Name, [], cell, type.Size);
        }
    }

    private DebugValue ReadPointer(string name, CType type, Location at, int depth, int cell)
    {
        int address;
        VariableSpace target;
        switch (type.Space)
        {
            case PointerSpace.Generic:
                {
                    address = ReadByte(at, 0) | (ReadByte(at, 1) << 8);
                    // SDCC's generic pointer tag: 00 xdata, 40 data/idata, 60 pdata, 80 code.
                    byte tag = ReadByte(at, 2);
                    target = tag switch { 0x00 => VariableSpace.Xdata, 0x40 => VariableSpace.Idata, 0x60 => VariableSpace.Pdata, 0x80 => VariableSpace.Code, _ => VariableSpace.Unknown };
                    break;
                }
            case PointerSpace.Code: address = ReadByte(at, 0) | (ReadByte(at, 1) << 8); target = VariableSpace.Code; break;
            case PointerSpace.Xdata: address = ReadByte(at, 0) | (ReadByte(at, 1) << 8); target = VariableSpace.Xdata; break;
            case PointerSpace.Pdata: address = ReadByte(at, 0); target = VariableSpace.Pdata; break;
            default: address = ReadByte(at, 0); target = VariableSpace.Idata; break;
        }
        string spaceName = target == VariableSpace.Unknown ? "bad tag" : target.ToString().ToLowerInvariant();
        string text = $"0x{address:X4} ({spaceName})";
        var pointee = type.Element!;
        var children = new List<DebugValue>();
        if (depth > 0 && target != VariableSpace.Unknown && pointee.Kind is not (CTypeKind.Void or CTypeKind.Function))
        {
            var targetType = pointee.Kind == CTypeKind.Struct && pointee.Size == 0 ? pointee with { Size = symbols?.StructSize(pointee.StructName ?? "") ?? 0 } : pointee;
            var deref = Read("*" + name, targetType, new Location(target, address), depth - 1);
            children.Add(deref);
            if (pointee.Kind == CTypeKind.Char) text += " " + CString(new Location(target, address));
        }
        return new DebugValue(name, text, type.Name, children, cell, type.Size);
    }

    private string CString(Location at)
    {
        var builder = new StringBuilder("\"");
        for (int i = 0; i < 32; i++)
        {
            byte b = ReadByte(at, i);
            if (b == 0) return builder.Append('"').ToString();
            builder.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }
        return builder.Append("…\"").ToString();
    }

    private int SizeOf(CType type) =>
        type.Kind == CTypeKind.Struct && type.Size == 0 ? symbols?.StructSize(type.StructName ?? "") ?? 0 : type.Size;

    private uint ReadUInt32(Location at) =>
        (uint)(ReadByte(at, 0) | (ReadByte(at, 1) << 8) | (ReadByte(at, 2) << 16) | (ReadByte(at, 3) << 24));

    /// <summary>Byte <paramref name="index"/> of a value (SDCC stores multi-byte values least significant byte first).</summary>
    private byte ReadByte(Location at, int index)
    {
        int address = at.Address + index;
        switch (at.Space)
        {
            case VariableSpace.Registers:
                if (at.Registers is null || index >= at.Registers.Count) return 0;
                return cpu.InternalRam[(at.Bank + at.Registers[index]) & 0xFF];
            case VariableSpace.Data:
            case VariableSpace.Idata:
                return address < cpu.InternalRam.Length ? cpu.InternalRam[address] : (byte)0xFF;
            case VariableSpace.Sfr:
                return cpu.PeekDirect(0x80 | (address & 0x7F));
            case VariableSpace.Xdata:
            case VariableSpace.Pdata:
                return address < cpu.DataMemory.Length ? cpu.DataMemory[address] : (byte)0xFF;
            case VariableSpace.Code:
                return address < cpu.CodeMemory.Length ? cpu.CodeMemory[address] : (byte)0xFF;
            default:
                return 0xFF;
        }
    }

    private static int CellOf(Location at) => at.Space switch
    {
        VariableSpace.Data or VariableSpace.Idata => MemoryCell.Iram(at.Address),
        VariableSpace.Sfr => MemoryCell.Sfr(at.Address),
        VariableSpace.Xdata or VariableSpace.Pdata => MemoryCell.Xdata(at.Address),
        VariableSpace.Registers when at.Registers is { Count: > 0 } => MemoryCell.Iram(at.Bank + at.Registers[0]),
        _ => -1,
    };

    private static string Hex(int value, int digits) => "0x" + value.ToString("X" + digits, CultureInfo.InvariantCulture);
}
