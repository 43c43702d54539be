using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Hex;

namespace Calendar51.Benchmarks;

/// <summary>
/// Machine cycles per second of the core on a CPU-bound SDCC program (tests/corpus/crc16_sort.c:
/// CRC-16 and a sort in an endless loop). One operation = one machine cycle, so the reported
/// time per operation is nanoseconds per machine cycle: cycles/s = 1e9 / Mean.
/// </summary>
[MemoryDiagnoser]
public class CpuBenchmarks
{
    public const int CyclesPerInvoke = 20_000_000;
    private Mcs51 cpu = null!;

    [GlobalSetup]
    public void Setup()
    {
        var image = IntelHex.Load(SdccProgram.Build("crc16_sort.c"), PartSpec.At89C52.CodeSize);
        cpu = new Mcs51(PartSpec.At89C52);
        cpu.LoadCode(image.Data.AsSpan(0, PartSpec.At89C52.CodeSize));
    }

    [Benchmark(OperationsPerInvoke = CyclesPerInvoke)]
    public long RunCrc16AndSort() => (long)cpu.Run(cpu.Cycles + CyclesPerInvoke) + cpu.Cycles;
}

/// <summary>Compiles a program of tests/corpus with SDCC into a temporary directory and returns the HEX path.</summary>
public static class SdccProgram
{
    public static string Build(string sourceName, string directory = "corpus")
    {
        string source = Path.Combine(RepositoryRoot(), "tests", directory, sourceName);
        if (!File.Exists(source)) throw new FileNotFoundException($"benchmark program not found: {source}");
        string outputDirectory = Directory.CreateTempSubdirectory("calendar51-bench-").FullName;
        var start = new ProcessStartInfo("sdcc", ["-mmcs51", "-o", outputDirectory + Path.DirectorySeparatorChar, source])
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
