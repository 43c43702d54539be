using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Benchmarks;

/// <summary>
/// Machine cycles per second of the core on a CPU-bound SDCC program (tests/corpus/crc16_sort.c:
/// CRC-16 and a sort in an endless loop). One operation = one machine cycle, so the reported
/// time per operation is nanoseconds per machine cycle: cycles/s = 1e9 / Mean. Measured with each
/// engine: the translator (the default) and the interpreter it is checked against.
/// </summary>
[MemoryDiagnoser]
public class CpuBenchmarks
{
    public const int CyclesPerInvoke = 20_000_000;
    private Mcs51 cpu = null!;

    [Params(ExecutionEngine.Translator, ExecutionEngine.Interpreter)]
    public ExecutionEngine Engine { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // BENCH_FOREVER: without it the program ends in SJMP $ after one pass and Run stops there.
        // The same options as tests/compare-s51.sh, so both measure the same HEX.
        string hex = SdccProgram.Build("crc16_sort.c", "corpus", "--iram-size", "256", "--code-size", "8192", "-DBENCH_FOREVER");
        var image = IntelHex.Load(hex, PartSpec.At89C52.CodeSize);
        cpu = new Mcs51(PartSpec.At89C52) { Engine = Engine };
        cpu.LoadCode(image.Data.AsSpan(0, PartSpec.At89C52.CodeSize));
    }

    [Benchmark(OperationsPerInvoke = CyclesPerInvoke)]
    public long RunCrc16AndSort()
    {
        var reason = cpu.Run(cpu.Cycles + CyclesPerInvoke);
        if (reason != StopReason.MaxCycles) throw new InvalidOperationException($"the benchmark program stopped ({reason}) instead of running for ever");
        return cpu.Cycles;
    }
}

/// <summary>Compiles a program of tests/corpus with SDCC into a temporary directory and returns the HEX path.</summary>
public static class SdccProgram
{
    public static string Build(string sourceName, string directory = "corpus", params string[] sdccOptions)
    {
        string source = Path.Combine(RepositoryRoot(), "tests", directory, sourceName);
        if (!File.Exists(source)) throw new FileNotFoundException($"benchmark program not found: {source}");
        string outputDirectory = Directory.CreateTempSubdirectory("calendar51-bench-").FullName;
        var start = new ProcessStartInfo("sdcc", ["-mmcs51", .. sdccOptions, "-o", outputDirectory + Path.DirectorySeparatorChar, source])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sdcc (Debian package sdcc)");
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"sdcc failed on {source}: {errors}");
        return Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(sourceName) + ".ihx");
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Calendar51.sln"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException("Calendar51.sln not found above " + AppContext.BaseDirectory);
    }
}
