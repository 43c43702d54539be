using static Calendar51.Tests.CliCapture;
using System.Text.Json;

namespace Calendar51.Tests.CommandLine;

/// <summary><c>run --compat</c>, <c>--uart-out</c>, and what the generic 8051/8052 parts carry: 64 KB of code and of XRAM in the dump.</summary>
public class RunCompatAndUartTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-run-compat-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    /// <summary>An Intel HEX file of data records at the given addresses.</summary>
    private string WriteHex(params (int Address, byte[] Bytes)[] pieces)
    {
        var lines = new List<string>();
        foreach (var (address, bytes) in pieces)
        {
            var record = new List<byte> { (byte)bytes.Length, (byte)(address >> 8), (byte)address, 0 };
            record.AddRange(bytes);
            lines.Add(":" + Convert.ToHexString([.. record]) + ((byte)(-record.Sum(b => b) & 0xFF)).ToString("X2"));
        }
        lines.Add(":00000001FF");
        string path = Path.Combine(directory, "program.hex");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void DumpStateIncludesTheExternalDataMemoryOfGenericParts()
    {
        // MOV DPTR,#1234h; MOV A,#5Ah; MOVX @DPTR,A; SJMP $
        string hex = WriteHex((0, [0x90, 0x12, 0x34, 0x74, 0x5A, 0xF0, 0x80, 0xFE]));
        var (exit, output, _) = Run("run", hex, "--part", "8052", "--dump-state");
        Assert.That(exit, Is.EqualTo(0));
        using var json = JsonDocument.Parse(output);
        var xram = Convert.FromHexString(json.RootElement.GetProperty("xram").GetString()!);
        Assert.That(xram, Has.Length.EqualTo(65536));
        Assert.That(xram[0x1234], Is.EqualTo(0x5A));
    }

    [Test]
    public void GenericPartsRunCodeAnywhereInTheir64KbOfProgramMemory()
    {
        // LJMP 8000h; at 8000h: MOV A,#77h; SJMP $
        string hex = WriteHex((0, [0x02, 0x80, 0x00]), (0x8000, [0x74, 0x77, 0x80, 0xFE]));
        var (exit, _, error) = Run("run", hex, "--part", "8052");
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Does.Contain("self-jump at 0x8002"));
        var (refused, _, message) = Run("run", hex, "--part", "at89c52");
        Assert.That(refused, Is.EqualTo(2), "an AT89C52 has 8 KB of flash");
        Assert.That(message, Does.Contain("0x8000"));
    }

    // MOV SCON,#0; MOV SBUF,#'O'; JNB TI,$; CLR TI; MOV SBUF,#'K'; JNB TI,$; NOP x4; SJMP $
    private static readonly byte[] SendOk =
        [0x75, 0x98, 0x00, 0x75, 0x99, (byte)'O', 0x30, 0x99, 0xFD, 0xC2, 0x99, 0x75, 0x99, (byte)'K', 0x30, 0x99, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x80, 0xFE];

    [Test]
    public void UartOutWritesEveryTransmittedByteToAFile()
    {
        string hex = WriteHex((0, SendOk));
        string capture = Path.Combine(directory, "uart.bin");
        var (exit, _, error) = Run("run", hex, "--uart-out", capture);
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(File.ReadAllBytes(capture), Is.EqualTo("OK"u8.ToArray()));
    }

    [Test]
    public void UartOutDashWritesToStandardOutput()
    {
        var (exit, output, _) = Run("run", WriteHex((0, SendOk)), "--uart-out", "-", "--compat", "s51");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Is.EqualTo("OK"));
    }

    [Test]
    public void UartOutToAnUncreatableFileIsOneLineAndExit2()
    {
        var (exit, _, error) = Run("run", WriteHex((0, SendOk)), "--uart-out", Path.Combine(directory, "missing", "uart.bin"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.Trim(), Does.StartWith("--uart-out: cannot create").And.Not.Contain("\n"));
    }

    [Test]
    public void CompatS51CountsTheInterruptEntryAsOneCycle()
    {
        // MOV IE,#82h; SETB TF0; NOP; SJMP $    T0 handler: RETI
        string hex = WriteHex((0, [0x02, 0x01, 0x00]), (0x0B, [0x32]), (0x100, [0x75, 0xA8, 0x82, 0xD2, 0x8D, 0x00, 0x00, 0x80, 0xFE]));
        var (_, _, manual) = Run("run", hex, "--part", "8052");
        var (_, _, s51) = Run("run", hex, "--part", "8052", "--compat", "s51");
        Assert.That(manual, Does.Contain("after 13 cycles"));
        Assert.That(s51, Does.Contain("after 12 cycles"), "one-cycle entry, and SETB TF0's flag taken right after it");
    }

    [Test]
    public void CompatRejectsUnknownModesAndBoards()
    {
        string hex = WriteHex((0, [0x80, 0xFE]));
        var (unknown, _, _) = Run("run", hex, "--compat", "keil");
        Assert.That(unknown, Is.Not.EqualTo(0));
        var (board, _, error) = Run("run", hex, "--compat", "s51", "--board", "prechin-a2");
        Assert.That(board, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--compat s51"));
    }
}
