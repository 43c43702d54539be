using Calendar51.Emulator.Debugging;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Debugging;

/// <summary>The .cdb and .map readers on what SDCC really writes for debugme.c.</summary>
public class DebugSymbolsTests
{
    private static DebugSymbols Cdb => CdbReader.Load(Path.Combine(DebugProgram.Directory, "debugme.cdb"));

    private static CdbVariable Variable(DebugSymbols symbols, string name, string? function = null) =>
        symbols.Variables.Single(v => v.Name == name && v.Function == function);

    [Test]
    public void Functions_have_their_address_ranges_and_lines_their_addresses()
    {
        var symbols = Cdb;
        var add = symbols.FunctionNamed("add")!;
        var bump = symbols.FunctionNamed("bump")!;
        Assert.Multiple(() =>
        {
            Assert.That(symbols.Functions.Select(f => f.Name), Is.SupersetOf(new[] { "add", "bump", "work", "main" }));
            Assert.That(add.End, Is.LessThan(bump.Start), "add ends (at its RET) before bump starts");
            Assert.That(symbols.FunctionAt(add.End)!.Name, Is.EqualTo("add"));
            Assert.That(symbols.FunctionAt(add.Start + 1)!.Name, Is.EqualTo("add"));
            Assert.That(add.ReturnType!.Name, Is.EqualTo("unsigned char"));
            int bodyLine = DebugProgram.LineOf("@add-body");
            var addresses = symbols.AddressesOfLine("debugme.c", bodyLine, out int actual);
            Assert.That(actual, Is.EqualTo(bodyLine));
            Assert.That(addresses, Has.Count.EqualTo(1));
            Assert.That(symbols.LineAt(addresses[0])!.Line, Is.EqualTo(bodyLine));
            Assert.That(symbols.Describe(addresses[0]), Is.EqualTo($"add+0x{addresses[0] - add.Start:X} debugme.c:{bodyLine}"));
            // A line without code (a declaration) moves to the next line that has some.
            symbols.AddressesOfLine("debugme.c", DebugProgram.LineOf("@add-body") - 1, out int moved);
            Assert.That(moved, Is.EqualTo(bodyLine));
        });
    }

    [Test]
    public void Variables_have_their_space_address_registers_and_C_type()
    {
        var symbols = Cdb;
        Assert.Multiple(() =>
        {
            var buf = Variable(symbols, "buf");
            Assert.That((buf.Space, buf.Type.Name, buf.Type.Size), Is.EqualTo((VariableSpace.Idata, "unsigned char[4]", 4)));
            Assert.That(buf.Address, Is.GreaterThan(0x07));
            var big = Variable(symbols, "big");
            Assert.That((big.Space, big.Type.Name), Is.EqualTo((VariableSpace.Data, "long")));
            var ptr = Variable(symbols, "ptr");
            Assert.That(ptr.Type.Name, Is.EqualTo("__idata unsigned char *"));
            var pt = Variable(symbols, "pt");
            Assert.That((pt.Type.Name, pt.Type.Size), Is.EqualTo(("struct point", 3)));
            Assert.That(symbols.Structs["point"].Select(f => (f.Name, f.Offset, f.Type.Name)),
                Is.EqualTo(new[] { ("x", 0, "unsigned char"), ("y", 1, "int") }), "SDCC's char is unsigned");
            var hidden = Variable(symbols, "hidden");
            Assert.That((hidden.Module, hidden.IsFileStatic), Is.EqualTo(("debugme", true)));
            var acc = Variable(symbols, "acc", "work");
            Assert.That((acc.Space, acc.Type.Name), Is.EqualTo((VariableSpace.Registers, "unsigned int")));
            Assert.That(acc.Registers, Has.Count.EqualTo(2), "an int in two registers, low byte first");
            var m = Variable(symbols, "m", "work");
            Assert.That((m.Space, m.Level), Is.EqualTo((VariableSpace.Data, 1)));
            Assert.That(symbols.Variables.Any(v => v.Name == "P1"), Is.False, "header SFRs are not variables");
        });
    }

    [Test]
    public void Type_chains_cover_pointers_arrays_bits_and_signs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CType.Parse("({3}DG,SC:S)")!.Name, Is.EqualTo("char *"));
            Assert.That(CType.Parse("({2}DX,SI:U)")!.Name, Is.EqualTo("__xdata unsigned int *"));
            Assert.That(CType.Parse("({2}DC,SC:U)")!.Name, Is.EqualTo("__code unsigned char *"));
            Assert.That(CType.Parse("({12}DA2d,DA3d,SS:S)")!.Name, Is.EqualTo("short[3][2]"));
            Assert.That(CType.Parse("({6}DA2d,STpoint:S)")!.Element!.Size, Is.EqualTo(3), "a struct's size from the array around it");
            Assert.That(CType.Parse("({1}SB0$1:U)")!.Kind, Is.EqualTo(CTypeKind.Bit));
            Assert.That(CType.Parse("({4}SF:S)")!.Name, Is.EqualTo("float"));
            Assert.That(CType.Parse("(nonsense)"), Is.Null);
        });
    }

    [Test]
    public void A_malformed_cdb_is_refused_naming_file_and_line()
    {
        using var files = new SdccToolchain();
        var path = files.Write("bad.cdb", "M:bad\nS:G$x$0_0$0({1}SC:U),E,0,0\nL:G$x$0_0$0:zz\n");
        var e = Assert.Throws<SymbolFormatException>(() => CdbReader.Load(path));
        Assert.That(e!.Message, Does.StartWith($"{path}:3: a link record needs ':' and a hex address"));
    }

    [Test]
    public void A_map_gives_function_names_with_or_without_debug_information()
    {
        var fromDebugMap = MapReader.Load(Path.Combine(DebugProgram.Directory, "debugme.map"));
        var cdb = Cdb;
        var add = cdb.FunctionNamed("add")!;
        Assert.That(fromDebugMap.FunctionAt(add.Start + 1)!.Name, Is.EqualTo("add"));
        Assert.That(fromDebugMap.LineAt(add.Start)?.Line, Is.EqualTo(cdb.LineAt(add.Start)!.Line), "sdld puts the C line records in the map too");

        // Without --debug the map has only the C labels (_add, …).
        using var plain = new SdccToolchain();
        File.Copy(DebugProgram.SourcePath, plain.PathOf("debugme.c"));
        plain.Run("sdcc", "-mmcs51", "debugme.c");
        var fromPlainMap = DebugSymbols.LoadFor(plain.PathOf("debugme.ihx"), null)!;
        Assert.Multiple(() =>
        {
            Assert.That(fromPlainMap.SourcePath, Does.EndWith("debugme.map"), "no .cdb: the .map beside the HEX");
            Assert.That(fromPlainMap.FunctionAt(add.Start + 1)!.Name, Is.EqualTo("add"));
            Assert.That(fromPlainMap.Describe(add.Start + 2), Is.EqualTo("add+0x2"));
            Assert.That(fromPlainMap.Lines, Is.Empty);
        });
    }

    [Test]
    public void A_global_declared_extern_in_another_module_is_listed_once_with_its_definition()
    {
        using var sdcc = new SdccToolchain();
        sdcc.Write("one.c", "unsigned char table[5];\nvoid fill(void);\nvoid main(void) { fill(); while (1); }\n");
        sdcc.Write("two.c", "extern unsigned char table[];\nvoid fill(void) { table[2] = 7; }\n");
        sdcc.Run("sdcc", "-mmcs51", "--debug", "-c", "one.c");
        sdcc.Run("sdcc", "-mmcs51", "--debug", "-c", "two.c");
        sdcc.Run("sdcc", "-mmcs51", "--debug", "-o", "one.ihx", "one.rel", "two.rel");

        var symbols = CdbReader.Load(sdcc.PathOf("one.cdb"));
        var table = symbols.Variables.Where(v => v.Name == "table").ToList();
        Assert.That(table, Has.Count.EqualTo(1));
        Assert.That(table[0].Type.Name, Is.EqualTo("unsigned char[5]"));
        Assert.That(symbols.FunctionNamed("fill")!.Module, Is.Null);
        Assert.That(symbols.LineAt(symbols.FunctionNamed("fill")!.Start)!.File, Is.EqualTo("two.c"));
    }
}
