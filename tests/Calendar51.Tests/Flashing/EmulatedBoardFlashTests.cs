using System.Diagnostics;
using Calendar51.Host;
using Calendar51.Tests.Emulate;

namespace Calendar51.Tests.Flashing;

/// <summary>
/// The hobbyist's workflow with no hardware, end to end: <c>calendar51 emulate --serial pty</c> runs one
/// firmware, <c>calendar51 flash</c> waits on that pty with 7F pulses, a line <c>p</c> power-cycles the
/// emulated board, its STC89 bootloader answers, the new image is written, and the board runs it.
/// </summary>
[NonParallelizable]
public class EmulatedBoardFlashTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("calendar51-isp-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    /// <summary>Prechin A2 with the bootloader line given (none: the shipped file).</summary>
    private string Board(string ispLine)
    {
        string text = File.ReadAllText(RepositoryFiles.BoardFilePath("prechin-a2"));
        string path = Path.Combine(directory, "board.board");
        File.WriteAllText(path, text + "\n" + ispLine + "\n");
        return path;
    }

    /// <summary>Starts the emulator on the kit LCD program, flashes <paramref name="image"/> through its pty while pressing p.</summary>
    private static (int Exit, string Output, string Errors) FlashThroughThePty(EmulatorProcess emulator, string image)
    {
        string pty = emulator.WaitForOutput(@"serial: (/dev/pts/\d+)", Timeout).Groups[1].Value;
        emulator.WaitForOutput(@"lcd 1 \|HELLO, 51!", Timeout);
        var (outputText, errorText) = (new StringWriter(), new StringWriter());
        var (output, errors) = (TextWriter.Synchronized(outputText), TextWriter.Synchronized(errorText));
        string Read(TextWriter writer, StringWriter text)
        {
            lock (writer) return text.ToString();   // the synchronized writer locks itself
        }
        var flash = Task.Run(() => Cli.Run(["flash", image, "--port", pty, "--wait", "20", "--debug"], output, errors));
        var watch = Stopwatch.StartNew();
        while (!Read(output, outputText).Contains("Switch the board off and on again", StringComparison.Ordinal) && !flash.IsCompleted && watch.Elapsed < Timeout)
            Thread.Sleep(20);
        emulator.Send("p\n");
        Assert.That(flash.Wait(Timeout), Is.True, $"flash did not finish\n{Read(output, outputText)}\n{Read(errors, errorText)}");
        return (flash.Result, Read(output, outputText), Read(errors, errorText));
    }

    [TestCase("", "STC89C/LE52RC", TestName = "Flash_writes_a_new_image_into_an_emulated_classic_bsl_board_and_it_runs")]
    [TestCase("isp bsl7", "STC89C52", TestName = "Flash_writes_a_new_image_into_an_emulated_bsl7_board_and_it_runs")]
    public void Flash_writes_a_new_image_and_the_board_runs_it(string ispLine, string model)
    {
        using var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("kit_lcd"), "--board", Board(ispLine), "--serial", "pty");
        var (exit, output, errors) = FlashThroughThePty(emulator, TestPrograms.Hex("lcd_delay_only"));

        Assert.That(exit, Is.EqualTo(0), $"{output}\n{errors}");
        Assert.That(output, Does.Contain(model));
        Assert.That(output, Does.Contain("Done:"));
        // The bootloader resets into the new firmware: the delay-only driver's text replaces the kit's.
        emulator.WaitForOutput(@"lcd 1 \|DELAY ONLY", Timeout);
        emulator.WaitForOutput(@"lcd 2 \|OK", Timeout);

        // And it stays in flash: another power cycle with nobody sending 7F starts it again.
        int shown = emulator.Output.Length;
        emulator.Send("p\n");
        var watch = Stopwatch.StartNew();
        while (!emulator.Output[shown..].Contains("|DELAY ONLY", StringComparison.Ordinal) && watch.Elapsed < Timeout) Thread.Sleep(20);
        Assert.That(emulator.Output[shown..], Does.Contain("|DELAY ONLY"), "after a second power cycle");
        string sinceFlashed = emulator.Output[emulator.Output.IndexOf("|DELAY ONLY", StringComparison.Ordinal)..];
        Assert.That(sinceFlashed, Does.Not.Contain("HELLO, 51!"), "the old firmware never comes back");
    }

    [TestCase("isp classic magic=F4A1", "STC15", TestName = "Flash_refuses_an_emulated_board_of_another_stc_family_and_writes_nothing")]
    [TestCase("isp classic magic=F0EE", "unknown STC89/90 model", TestName = "Flash_refuses_an_emulated_stc89_of_unknown_size_and_writes_nothing")]
    public void Flash_refuses_and_the_old_firmware_stays(string ispLine, string reason)
    {
        using var emulator = EmulatorProcess.StartEmulate(TestPrograms.Hex("kit_lcd"), "--board", Board(ispLine), "--serial", "pty");
        var (exit, output, errors) = FlashThroughThePty(emulator, TestPrograms.Hex("lcd_delay_only"));

        Assert.That(exit, Is.Not.EqualTo(0), output);
        Assert.That(output + errors, Does.Contain(reason));
        int shown = emulator.Output.Length;
        emulator.Send("p\n");
        var watch = Stopwatch.StartNew();
        while (!emulator.Output[shown..].Contains("|HELLO, 51!", StringComparison.Ordinal) && watch.Elapsed < Timeout) Thread.Sleep(20);
        Assert.That(emulator.Output[shown..], Does.Contain("|HELLO, 51!"), "the old firmware, untouched, after the next power cycle");
        Assert.That(emulator.Output, Does.Not.Contain("DELAY ONLY"));
    }
}
