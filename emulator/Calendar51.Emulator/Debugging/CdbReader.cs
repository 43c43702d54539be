using System.Globalization;
using System.Text.RegularExpressions;

namespace Calendar51.Emulator.Debugging;

/// <summary>
/// Reads SDCC's <c>.cdb</c> debug file (<c>sdcc --debug</c>; the linker completes the first module's
/// file with every module's records and the addresses). Records used: <c>M:</c> module, <c>F:</c>
/// function, <c>S:</c> symbol (scope, name, level and block, type chain, address space, registers),
/// <c>T:</c> struct layout, <c>L:</c> link record (symbol and function addresses, <c>C$file$line</c>
/// line records). Other records are skipped.
/// </summary>
public static partial class CdbReader
{
    /// <summary>Files larger than this are refused rather than read (a real program's .cdb is a few hundred KB).</summary>
    public const long MaximumSize = 64L * 1024 * 1024;

    public static DebugSymbols Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such symbol file", path);
        if (info.Length > MaximumSize) throw new SymbolFormatException($"{path}: {info.Length} bytes is too big for a .cdb (limit {MaximumSize})");
        return Parse(path, File.ReadLines(path));
    }

    public static DebugSymbols Parse(string path, IEnumerable<string> lines)
    {
        var links = new LinkRecords();
        var declarations = new List<(string Key, string Name, string? Module, string? Function, int Level, int Block, CType Type, VariableSpace Space, int[] Registers)>();
        var functionTypes = new Dictionary<string, (CType? Type, bool Interrupt, int Bank)>();
        var structs = new Dictionary<string, IReadOnlyList<CField>>();
        int number = 0;
        foreach (var raw in lines)
        {
            number++;
            string line = raw.TrimEnd();
            if (line.Length < 2 || line[1] != ':') continue;
            string body = line[2..];
            try
            {
                switch (line[0])
                {
                    case 'S': declarations.Add(ParseSymbol(body)); break;
                    case 'F':
                        {
                            var symbol = ParseSymbol(body);
                            // F:…(type),space,onstack,stack,interrupt,interrupt number,bank
                            var tail = body[(body.IndexOf(')') + 1)..].Split(',');
                            bool isInterrupt = tail.Length > 4 && tail[4] == "1";
                            int bank = tail.Length > 6 && int.TryParse(tail[6], out int b) ? b : 0;
                            functionTypes[FunctionKey(symbol.Module, symbol.Name)] = (symbol.Type.Element, isInterrupt, bank);
                            break;
                        }
                    case 'T': ParseStruct(body, structs); break;
                    case 'L':
                        {
                            int colon = body.LastIndexOf(':');
                            if (colon < 0 || !int.TryParse(body.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int address))
                                throw new FormatException("a link record needs ':' and a hex address");
                            links.Add(body[..colon], address);
                            break;
                        }
                }
            }
            catch (FormatException e)
            {
                throw new SymbolFormatException($"{path}:{number}: {e.Message}: {Truncate(line)}");
            }
        }

        var variables = new List<CdbVariable>();
        // Every module that declares an extern repeats its record (an extern array as size 0): keep the
        // definition, the largest. SDCC's spill temporaries (sloc0, …) are not the program's variables.
        var definitions = declarations
            .Where(d => d.Type.Kind != CTypeKind.Function && !d.Name.StartsWith("sloc", StringComparison.Ordinal))
            .GroupBy(d => d.Key)
            .Select(g => g.MaxBy(d => d.Type.Size));
        foreach (var d in definitions)
        {
            // SFRs and sbits the headers declare are reached by name through the register view, not as variables.
            if (d.Space is VariableSpace.Sfr or VariableSpace.Sbit && d.Module is null && d.Function is null) continue;
            int address = links.SymbolAddresses.TryGetValue(d.Key, out int a) ? a : -1;
            variables.Add(new CdbVariable(d.Name, d.Module, d.Function, d.Type, d.Space, address, d.Registers, d.Level, d.Block));
        }
        var functions = links.Functions(key => functionTypes.TryGetValue(key, out var f) ? f : (null, false, 0));
        return new DebugSymbols(path, functions, links.Lines, variables, structs);
    }

    internal static string FunctionKey(string? module, string name) => (module ?? "") + "$" + name;

    private static string Truncate(string line) => line.Length > 80 ? line[..80] + "…" : line;

    /// <summary>
    /// <c>G$name$level_block$id(type),space,onstack,stack[,[r5,r6]]</c>. Scope <c>G</c> is global,
    /// <c>Fmodule</c> file static, <c>Lmodule.function</c> (or <c>Lfunction</c>) local.
    /// </summary>
    private static (string Key, string Name, string? Module, string? Function, int Level, int Block, CType Type, VariableSpace Space, int[] Registers) ParseSymbol(string body)
    {
        int open = body.IndexOf('(');
        int close = open < 0 ? -1 : body.IndexOf(')', open);
        if (open < 0 || close < 0) throw new FormatException("a symbol record needs a (type)");
        string key = body[..open];
        var parts = key.Split('$');
        if (parts.Length < 3 || parts[0].Length == 0) throw new FormatException("a symbol needs scope$name$level_block");
        var type = CType.Parse(body[open..(close + 1)]) ?? throw new FormatException($"unknown type chain {body[open..(close + 1)]}");
        string? module = null, function = null;
        switch (parts[0][0])
        {
            case 'G': break;
            case 'F': module = parts[0][1..]; break;
            case 'L':
                {
                    string scope = parts[0][1..];
                    int dot = scope.IndexOf('.');
                    if (dot >= 0) { module = scope[..dot]; function = scope[(dot + 1)..]; }
                    else function = scope;
                    break;
                }
            default: throw new FormatException($"unknown scope '{parts[0]}'");
        }
        var levelBlock = parts[2].Split('_');
        int level = int.TryParse(levelBlock[0], out int l) ? l : 0;
        int block = levelBlock.Length > 1 && int.TryParse(levelBlock[1], out int b) ? b : 0;

        var tail = body[(close + 1)..].TrimStart(',').Split(',', 4);
        var space = tail.Length > 0 && tail[0].Length == 1 ? SpaceOf(tail[0][0]) : VariableSpace.Unknown;
        int[] registers = [];
        int bracket = body.IndexOf('[', close);
        if (bracket >= 0)
        {
            int end = body.IndexOf(']', bracket);
            if (end < 0) throw new FormatException("register list without ']'");
            registers = [.. body[(bracket + 1)..end].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(RegisterNumber)];
        }
        return (key, parts[1], module, function, level, block, type, space, registers);
    }

    private static int RegisterNumber(string name)
    {
        string trimmed = name.Trim().ToLowerInvariant();
        if (trimmed.Length == 2 && trimmed[0] == 'r' && trimmed[1] is >= '0' and <= '7') return trimmed[1] - '0';
        // SDCC also allocates to a, b, dpl, dph: not bank registers; mark as unknown.
        return -1;
    }

    /// <summary>The address space letters of the CDB format.</summary>
    private static VariableSpace SpaceOf(char letter) => letter switch
    {
        'A' or 'B' => VariableSpace.Stack,
        'C' or 'D' => VariableSpace.Code,
        'E' => VariableSpace.Data,
        'F' => VariableSpace.Xdata,
        'G' => VariableSpace.Idata,
        'H' => VariableSpace.Bit,
        'I' => VariableSpace.Sfr,
        'J' => VariableSpace.Sbit,
        'P' => VariableSpace.Pdata,
        'R' => VariableSpace.Registers,
        _ => VariableSpace.Unknown,
    };

    /// <summary><c>T:Fmodule$point[({0}S:S$x$0_0$0({1}SC:U),Z,0,0)({1}S:S$y$0_0$0({2}SI:S),Z,0,0)]</c>.</summary>
    private static void ParseStruct(string body, Dictionary<string, IReadOnlyList<CField>> structs)
    {
        int bracket = body.IndexOf('[');
        if (bracket < 0) throw new FormatException("a type record needs [fields]");
        string name = body[..bracket];
        int dollar = name.LastIndexOf('$');
        if (dollar >= 0) name = name[(dollar + 1)..];
        var fields = new List<CField>();
        foreach (Match match in FieldPattern().Matches(body[bracket..]))
        {
            var type = CType.Parse(match.Groups[3].Value) ?? throw new FormatException($"unknown type chain {match.Groups[3].Value}");
            fields.Add(new CField(match.Groups[2].Value, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), type));
        }
        structs[name] = fields;
    }

    [GeneratedRegex(@"\(\{(\d+)\}S:S\$([^$]+)\$[^(]*(\(\{\d+\}[^)]*\))")]
    private static partial Regex FieldPattern();
}

/// <summary>
/// Link-time symbols shared by the <c>.cdb</c>'s <c>L:</c> records and the <c>.map</c>'s code symbols:
/// <c>G$main$0$0</c> a function's start, <c>XG$main$0$0</c> its last instruction, <c>C$prog.c$29$1_0$6</c>
/// a C line, anything else a variable's address.
/// </summary>
internal sealed class LinkRecords
{
    private readonly Dictionary<string, (string? Module, string Name, int Start)> starts = [];
    private readonly Dictionary<string, int> ends = [];

    public Dictionary<string, int> SymbolAddresses { get; } = [];
    public List<CdbLine> Lines { get; } = [];

    public void Add(string symbol, int address)
    {
        if (symbol.StartsWith("C$", StringComparison.Ordinal))
        {
            // C$file$line$level_block$id: the file name may not contain '$'.
            var parts = symbol.Split('$');
            if (parts.Length < 3 || !int.TryParse(parts[2], out int line)) throw new FormatException("a C line record needs C$file$line");
            Lines.Add(new CdbLine(parts[1], line, address));
            return;
        }
        if (symbol.StartsWith("A$", StringComparison.Ordinal)) return;   // assembler lines: not used
        bool isEnd = symbol.StartsWith('X') && symbol.Length > 1 && symbol[1] is 'G' or 'F';
        string scoped = isEnd ? symbol[1..] : symbol;
        var parts2 = scoped.Split('$');
        // Functions' link symbols are scope$name$0$0 (two numbers); variables' are scope$name$level_block$id.
        if (parts2.Length == 4 && !parts2[2].Contains('_') && parts2[0].Length > 0 && parts2[0][0] is 'G' or 'F')
        {
            string? module = parts2[0][0] == 'F' ? parts2[0][1..] : null;
            string key = CdbReader.FunctionKey(module, parts2[1]);
            if (isEnd) ends[key] = address;
            else
            {
                starts[key] = (module, parts2[1], address);
                SymbolAddresses[symbol] = address;
            }
            return;
        }
        SymbolAddresses[symbol] = address;
    }

    /// <summary>Adds a bare code label (the .map's <c>_main</c>) unless a function already starts there.</summary>
    public void AddLabel(string name, int address)
    {
        if (starts.Values.Any(s => s.Start == address)) return;
        starts["$" + name] = (null, name, address);
    }

    public IEnumerable<CdbFunction> Functions(Func<string, (CType? Type, bool Interrupt, int Bank)> details)
    {
        var ordered = starts.OrderBy(s => s.Value.Start).ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            var (key, (module, name, start)) = ordered[i];
            int end = ends.TryGetValue(key, out int e) ? e : (i + 1 < ordered.Count ? ordered[i + 1].Value.Start - 1 : start);
            var (type, interrupt, bank) = details(key);
            yield return new CdbFunction(name, module, start, Math.Max(start, end), interrupt, bank, type);
        }
    }
}
