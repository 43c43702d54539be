using Calendar51.Emulator.Debugging;
using Calendar51.Host;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Debugging;

/// <summary><c>run --trace</c> and <c>disasm</c> with SDCC symbols: function names and C file:line next to addresses.</summary>
public class SymbolListingTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = Cli.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static CdbFunction Function(string name) =>
        CdbReader.Load(Path.Combine(DebugProgram.Directory, "debugme.cdb")).FunctionNamed(name)!;

    [Test]
    public void Disasm_marks_function_and_line_starts_from_the_cdb_beside_the_hex()
    {
        var add = Function("add");
        var (exitCode, stdout, stderr) = Run("disasm", DebugProgram.Hex);
        Assert.That(exitCode, Is.EqualTo(0), stderr);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[1], Is.EqualTo("; symbols: " + Path.Combine(DebugProgram.Directory, "debugme.cdb")));
            var start = lines.Single(l => l.StartsWith($"{add.Start:X4}  ", StringComparison.Ordinal));
            Assert.That(start, Does.EndWith($"; add debugme.c:{DebugProgram.LineOf("@add-body") - 3}"));
            Assert.That(lines.Any(l => l.EndsWith($"debugme.c:{DebugProgram.LineOf("@add-body")}") && l.Contains("; add+0x")), Is.True);
            // An instruction in the middle of a line carries no comment.
            // The .map beside the .cdb names SDCC's start-up code, which the .cdb does not know.
            Assert.That(lines.Count(l => l.EndsWith("; _sdcc_gsinit_startup", StringComparison.Ordinal)), Is.EqualTo(1));
            int totalLine = Array.FindIndex(File.ReadAllLines(DebugProgram.SourcePath), l => l.StartsWith("int total = 5;", StringComparison.Ordinal)) + 1;
            Assert.That(lines.Any(l => l.EndsWith($"; debugme.c:{totalLine}", StringComparison.Ordinal)), Is.True,
                "the initializer of total is a C line outside any function");
            var inAdd = lines.Where(l => l.Length > 4 && int.TryParse(l[..4], System.Globalization.NumberStyles.HexNumber, null, out int a) && a > add.Start && a < add.End);
            Assert.That(inAdd.Any(l => !l.Contains(';')), Is.True, "an instruction in the middle of a line carries no comment");
        });
    }

    [Test]
    public void Run_trace_shows_function_and_line_on_every_instruction_with_symbols_given_as_a_map()
    {
        var bump = Function("bump");
        var (exitCode, stdout, stderr) = Run("run", DebugProgram.Hex, "--trace", "--max-cycles", "2000",
            "--symbols", Path.Combine(DebugProgram.Directory, "debugme.map"));
        Assert.That(exitCode, Is.EqualTo(0), stderr);
        var bumpLines = stdout.ReplaceLineEndings("\n").Split('\n').Where(l => l.Contains($"  {bump.Start:X4}  ", StringComparison.Ordinal)).ToList();
        Assert.That(bumpLines, Is.Not.Empty, "bump runs within 2000 cycles");
        Assert.That(bumpLines[0], Does.EndWith($"; bump debugme.c:{DebugProgram.LineOf("@bump-body")}"));
    }

    [Test]
    public void Without_symbols_the_listing_is_unchanged_and_a_bad_symbols_file_is_exit_code_2()
    {
        using var files = new SdccToolchain();
        var hex = files.Write("plain.hex", File.ReadAllText(DebugProgram.Hex));
        var (_, plain, _) = Run("disasm", hex);
        Assert.That(plain, Does.Not.Contain("; symbols").And.Not.Contain("debugme.c:"));

        var bad = files.Write("bad.cdb", "S:G$x$0_0$0(oops\n");
        var (exitCode, stdout, stderr) = Run("disasm", hex, "--symbols", bad);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr.Trim(), Does.StartWith($"{bad}:1: a symbol record needs a (type)"));
        });
        var (traceExit, _, traceError) = Run("run", hex, "--trace", "--max-cycles", "10", "--symbols", bad + ".missing");
        Assert.That(traceExit, Is.EqualTo(2));
        Assert.That(traceError.Trim(), Is.EqualTo($"{bad}.missing: no such symbol file"));
    }
}
