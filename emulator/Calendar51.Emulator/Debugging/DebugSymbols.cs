namespace Calendar51.Emulator.Debugging;

/// <summary>A C function (or a code label from a <c>.map</c>): where its code starts and ends.</summary>
/// <param name="End">address of its last instruction (SDCC's <c>XG$</c> label, the <c>RET</c>), or of the byte before the next function</param>
/// <param name="RegisterBank">the bank its register variables live in (<c>using N</c>)</param>
public sealed record CdbFunction(string Name, string? Module, int Start, int End, bool IsInterrupt, int RegisterBank, CType? ReturnType)
{
    public bool Contains(int address) => address >= Start && address <= End;
}

/// <summary>A C source line and the address of the first instruction generated for it.</summary>
public sealed record CdbLine(string File, int Line, int Address);

/// <summary>Where SDCC put a variable (the <c>.cdb</c> address space letter, decoded).</summary>
public enum VariableSpace { Data, Idata, Xdata, Pdata, Code, Bit, Sfr, Sbit, Registers, Stack, Unknown }

/// <summary>
/// A global, file static, local or parameter. <see cref="Address"/> is -1 when the linker gave none
/// (SDCC emits no address for bit variables in <c>BSEG</c>); register variables list their registers
/// (R0–R7 of the function's bank), least significant byte first.
/// </summary>
public sealed record CdbVariable(string Name, string? Module, string? Function, CType Type, VariableSpace Space, int Address,
    IReadOnlyList<int> Registers, int Level, int Block)
{
    public bool IsGlobal => Module is null && Function is null;
    public bool IsFileStatic => Module is not null && Function is null;
}

/// <summary>A symbol file could not be read: the message names the file and line.</summary>
public sealed class SymbolFormatException(string message) : Exception(message);

/// <summary>
/// What a debugger knows about a program from SDCC's output: functions with their address ranges,
/// C line records, variables with their address space and C type, struct layouts. Built from a
/// <c>.cdb</c> (<see cref="CdbReader"/>) or, with function names and (when linked with
/// <c>--debug</c>) lines only, from the linker's <c>.map</c> (<see cref="MapReader"/>).
/// </summary>
public sealed class DebugSymbols
{
    private readonly CdbFunction[] functionsByStart;
    private readonly CdbLine[] linesByAddress;
    private readonly Dictionary<(string File, int Line), List<int>> addressesOfLine;

    public DebugSymbols(string sourcePath, IEnumerable<CdbFunction> functions, IEnumerable<CdbLine> lines,
        IEnumerable<CdbVariable> variables, IReadOnlyDictionary<string, IReadOnlyList<CField>> structs)
    {
        SourcePath = sourcePath;
        functionsByStart = [.. functions.OrderBy(f => f.Start)];
        // Several lines can share an address (a function's opening line and its first statement):
        // the one recorded last is the statement that the code there carries out.
        var lineList = lines.ToList();
        linesByAddress = [.. lineList.Select((line, index) => (line, index)).GroupBy(x => x.line.Address)
            .Select(g => g.OrderBy(x => x.index).Last().line).OrderBy(l => l.Address)];
        addressesOfLine = [];
        foreach (var line in lineList)
        {
            var key = (Path.GetFileName(line.File), line.Line);
            if (!addressesOfLine.TryGetValue(key, out var list)) addressesOfLine[key] = list = [];
            if (!list.Contains(line.Address)) list.Add(line.Address);
        }
        foreach (var list in addressesOfLine.Values) list.Sort();
        Variables = variables.ToList();
        Structs = structs;
        LineStarts = new HashSet<int>(linesByAddress.Select(l => l.Address));
    }

    /// <summary>The file the symbols were read from.</summary>
    public string SourcePath { get; }

    public IReadOnlyList<CdbFunction> Functions => functionsByStart;
    public IReadOnlyList<CdbLine> Lines => linesByAddress;
    public IReadOnlyList<CdbVariable> Variables { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<CField>> Structs { get; }

    /// <summary>Addresses where the code of a C line begins.</summary>
    public IReadOnlySet<int> LineStarts { get; }

    /// <summary>The source files named by line records (as the compiler was given them).</summary>
    public IEnumerable<string> SourceFiles => linesByAddress.Select(l => l.File).Distinct();

    /// <summary>The function whose code holds <paramref name="address"/>, or null.</summary>
    public CdbFunction? FunctionAt(int address)
    {
        int index = LastAtOrBefore(functionsByStart, address, f => f.Start);
        if (index < 0) return null;
        var function = functionsByStart[index];
        return function.Contains(address) ? function : null;
    }

    public CdbFunction? FunctionNamed(string name) =>
        functionsByStart.FirstOrDefault(f => f.Name == name) ?? functionsByStart.FirstOrDefault(f => f.Name == "_" + name);

    /// <summary>The C line whose code holds <paramref name="address"/> (within the same function), or null.</summary>
    public CdbLine? LineAt(int address)
    {
        int index = LastAtOrBefore(linesByAddress, address, l => l.Address);
        if (index < 0) return null;
        var line = linesByAddress[index];
        if (line.Address == address) return line;
        var function = FunctionAt(address);
        if (function is null || !function.Contains(line.Address)) return null;
        return line;
    }

    /// <summary>
    /// The addresses where <paramref name="line"/> of <paramref name="file"/> (matched by file name)
    /// begins, or of the next line below it that has code within 20 lines; <paramref name="actualLine"/> says which.
    /// </summary>
    public IReadOnlyList<int> AddressesOfLine(string file, int line, out int actualLine)
    {
        string name = Path.GetFileName(file);
        for (int candidate = line; candidate < line + 20; candidate++)
        {
            if (addressesOfLine.TryGetValue((name, candidate), out var list))
            {
                actualLine = candidate;
                return list;
            }
        }
        actualLine = line;
        return [];
    }

    /// <summary>
    /// A short location for listings and traces: <c>main+0x5 prog.c:29</c>, <c>main prog.c:28</c> at a
    /// function's start, <c>prog.c:29</c> outside functions; empty when nothing is known.
    /// </summary>
    public string Describe(int address)
    {
        var function = FunctionAt(address);
        var line = LineAt(address);
        string where = function is null ? "" : function.Start == address ? function.Name : $"{function.Name}+0x{address - function.Start:X}";
        if (line is null) return where;
        string fileLine = $"{Path.GetFileName(line.File)}:{line.Line}";
        return where.Length == 0 ? fileLine : $"{where} {fileLine}";
    }

    /// <summary>Byte size of a struct from its fields (SDCC gives no size for a pointer's target).</summary>
    public int StructSize(string name) =>
        Structs.TryGetValue(name, out var fields) && fields.Count > 0 ? fields.Max(f => f.Offset + f.Type.Size) : 0;

    /// <summary>
    /// Loads symbols for a HEX: <paramref name="explicitPath"/> if given (a <c>.cdb</c> or <c>.map</c>),
    /// else a <c>.cdb</c> beside the HEX with the same base name, else a <c>.map</c>; null when there is none.
    /// Throws <see cref="SymbolFormatException"/>, <see cref="FileNotFoundException"/> or <see cref="IOException"/>.
    /// </summary>
    public static DebugSymbols? LoadFor(string hexPath, string? explicitPath)
    {
        if (explicitPath is not null)
        {
            if (!File.Exists(explicitPath)) throw new FileNotFoundException($"{explicitPath}: no such symbol file", explicitPath);
            return Load(explicitPath);
        }
        string stem = Path.ChangeExtension(hexPath, null);
        if (File.Exists(stem + ".cdb"))
        {
            var symbols = CdbReader.Load(stem + ".cdb");
            // The .cdb knows only the C the program was compiled from; the .map also names SDCC's
            // start-up code and library routines (_sdcc_gsinit_startup, _mulint, …).
            return File.Exists(stem + ".map") ? symbols.WithFunctionsFrom(MapReader.Load(stem + ".map")) : symbols;
        }
        return File.Exists(stem + ".map") ? MapReader.Load(stem + ".map") : null;
    }

    /// <summary>
    /// These symbols plus the functions of <paramref name="other"/> that start outside every function
    /// known here, each cut short where the next known function or C line starts.
    /// </summary>
    public DebugSymbols WithFunctionsFrom(DebugSymbols other)
    {
        var added = new List<CdbFunction>();
        foreach (var function in other.Functions)
        {
            if (FunctionAt(function.Start) is not null) continue;
            // A label's range ends where known code begins: the next function, or a C line outside
            // functions (global initializers, which SDCC puts in the start-up code's areas).
            var next = functionsByStart.FirstOrDefault(f => f.Start > function.Start);
            var line = linesByAddress.FirstOrDefault(l => l.Address > function.Start);
            int end = Math.Min(function.End, Math.Min(next?.Start - 1 ?? int.MaxValue, line?.Address - 1 ?? int.MaxValue));
            added.Add(function with { End = end });
        }
        return new DebugSymbols(SourcePath, functionsByStart.Concat(added), linesByAddress, Variables, Structs);
    }

    /// <summary>Reads a <c>.cdb</c>, or a <c>.map</c> when the name ends so.</summary>
    public static DebugSymbols Load(string path) =>
        path.EndsWith(".map", StringComparison.OrdinalIgnoreCase) ? MapReader.Load(path) : CdbReader.Load(path);

    private static int LastAtOrBefore<T>(T[] items, int address, Func<T, int> key)
    {
        int low = 0, high = items.Length - 1, found = -1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            if (key(items[middle]) <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else high = middle - 1;
        }
        return found;
    }
}
