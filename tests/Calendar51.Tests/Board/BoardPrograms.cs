using System.Collections.Concurrent;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Hex;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Board;

/// <summary>
/// C programs from tests/board-programs compiled with SDCC at test time (a missing sdcc fails the
/// test with the package to install) and run on a virtual board. Programs leave their results in
/// internal RAM from 0xC0 and set 0xBF to 0xA5 when done (see results.h).
/// </summary>
internal static class BoardPrograms
{
    public const int DoneFlag = 0xBF;
    public const byte DoneValue = 0xA5;

    private static readonly ConcurrentDictionary<string, byte[]> Images = new();

    /// <summary>The code image of <paramref name="fileName"/> built with the given -D definitions.</summary>
    public static byte[] Compile(string fileName, params string[] defines) =>
        Images.GetOrAdd(fileName + "|" + string.Join(' ', defines), _ =>
        {
            using var toolchain = new SdccToolchain();
            foreach (var source in new[] { fileName, "results.h" })
            {
                var path = RepositoryFiles.BoardProgram(source);
                if (!File.Exists(path)) Assert.Fail($"{path} is missing");
                File.Copy(path, toolchain.PathOf(source));
            }
            toolchain.Run("sdcc", ["-mmcs51", "--code-size", "8192", .. defines.Select(d => "-D" + d), fileName]);
            return IntelHex.Load(toolchain.PathOf(Path.ChangeExtension(fileName, ".ihx")), 8192).Data[..8192];
        });

    public static BoardDescription ShippedBoard(string name) => BoardFile.Load(RepositoryFiles.BoardFilePath(name));

    /// <summary>A shipped board's file with text replaced, e.g. to take the pull-ups away.</summary>
    public static BoardDescription ModifiedBoard(string name, string oldText, string newText)
    {
        string path = RepositoryFiles.BoardFilePath(name);
        string text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(oldText), $"{path} no longer contains the text this test modifies");
        return BoardFile.Parse(text.Replace(oldText, newText), path + " (modified)");
    }

    /// <summary>Switches the board on with <paramref name="image"/> in flash; returns it as the program's first instruction is due.</summary>
    public static VirtualBoard Start(BoardDescription description, byte[] image, Ds1302Options? rtcOptions = null)
    {
        var board = SwitchOn(description, image, rtcOptions);
        board.RunUntil(board.Clock.CyclesIn(board.PowerSequence.UserCodeStarts));
        return board;
    }

    /// <summary>The board at the moment its power switch closes: VCC still 0, the MCU about to be held in reset.</summary>
    public static VirtualBoard SwitchOn(BoardDescription description, byte[] image, Ds1302Options? rtcOptions = null)
    {
        var board = new VirtualBoard(description, rtcOptions);
        board.Cpu.LoadCode(image.AsSpan(0, description.Mcu.CodeSize));
        return board;
    }

    /// <summary>Runs until the program sets its done flag; fails the test if it has not within <paramref name="limit"/>.</summary>
    public static void RunToDone(VirtualBoard board, TimeSpan limit)
    {
        long end = board.Cpu.Cycles + board.Clock.CyclesIn(limit);
        long step = board.Clock.CyclesIn(TimeSpan.FromMilliseconds(1));
        while (board.Cpu.InternalRam[DoneFlag] != DoneValue)
        {
            if (board.Cpu.Cycles >= end) Assert.Fail($"the program did not finish within {limit.TotalMilliseconds} ms of virtual time (PC 0x{board.Cpu.PC:X4})");
            board.RunUntil(Math.Min(end, board.Cpu.Cycles + step));
        }
    }

    public static byte[] Results(VirtualBoard board, int address, int count) => board.Cpu.InternalRam.Slice(address, count).ToArray();

    public static string HexBytes(IEnumerable<byte> bytes) => string.Join(' ', bytes.Select(b => b.ToString("X2")));
}
