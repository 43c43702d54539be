using Calendar51.Emulator.Board;
using Calendar51.Host.Stc;
using static Calendar51.Tests.Board.BoardPrograms;

namespace Calendar51.Tests.Board;

/// <summary>
/// The emulated STC89 bootloader byte by byte through the board's USB-serial bridge, in virtual time:
/// what it hears, what it answers (read with the flasher's own status parser), and what it writes.
/// </summary>
public class StcIspBootloaderTests
{
    // MOV P1,#55h; SJMP $ — a program whose effect on a latch shows it ran.
    private static readonly byte[] Program = [0x75, 0x90, 0x55, 0x80, 0xFE];

    private static (VirtualBoard Board, List<byte> Heard) SwitchOnWithOldFirmware(string extra = "")
    {
        var description = extra == "" ? ShippedBoard("prechin-a2") : ModifiedBoard("prechin-a2", "mcu stc89c52rc 12MHz", "mcu stc89c52rc 12MHz\n" + extra);
        var old = new byte[8192];
        old.AsSpan().Fill(0x00);   // NOPs: the old firmware never touches P1
        var board = SwitchOn(description, old);
        var heard = new List<byte>();
        board.Serial!.ByteReceived += (value, _) => heard.Add(value);
        return (board, heard);
    }

    /// <summary>Sends bytes at the bridge's 4800 baud (2.08 ms each) and waits long enough for a short reply as well.</summary>
    private static void Send(VirtualBoard board, params byte[] bytes)
    {
        board.Serial!.Send(bytes, board.Cpu.Cycles);
        board.RunFor(TimeSpan.FromMilliseconds(40 + bytes.Length * 2.5));
    }

    private static void SendFrame(VirtualBoard board, ChecksumWidth width, params byte[] payload) =>
        Send(board, StcFrame.Encode(StcFrame.HostToMcu, payload, width));

    private static void RunIntoWindow(VirtualBoard board) =>
        board.RunUntil(board.Clock.CyclesIn(board.PowerSequence.ResetReleased + TimeSpan.FromMilliseconds(1)));

    [Test]
    public void Pulses_while_the_reset_is_held_are_not_heard_and_the_window_then_runs_out_into_the_user_code()
    {
        var (board, heard) = SwitchOnWithOldFirmware();
        board.Serial!.Send([0x7F, 0x7F, 0x7F], 0);
        board.RunFor(TimeSpan.FromMilliseconds(10));   // all three on the wire, 26 ms before the reset ends
        Assert.That(board.Cpu.Cycles, Is.LessThan(board.Clock.CyclesIn(board.PowerSequence.ResetReleased)));
        board.RunUntil(board.Clock.CyclesIn(board.PowerSequence.UserCodeStarts + TimeSpan.FromMilliseconds(1)));
        Assert.That(heard, Is.Empty);
        Assert.That(board.Bootloader!.State, Is.EqualTo(StcIspBootloader.IspState.UserCode));
    }

    [TestCase("", 0xF002, false, TestName = "A_classic_bootloader_answers_two_pulses_with_a_status_the_flasher_reads_as_a_12_MHz_STC89C52RC")]
    [TestCase("isp bsl7", 0xF051, true, TestName = "A_bsl7_bootloader_answers_two_pulses_with_a_status_the_flasher_reads_as_a_12_MHz_STC89C52")]
    public void Status(string extra, int magic, bool bsl7Style)
    {
        var (board, heard) = SwitchOnWithOldFirmware(extra);
        RunIntoWindow(board);
        Send(board, 0x7F);
        Assert.That(heard, Is.Empty, "one pulse is not enough to measure");
        Send(board, 0x7F);
        board.RunFor(TimeSpan.FromMilliseconds(100));
        var status = StcStatus.Parse(heard.ToArray(), StcIspBootloader.HandshakeBaud);
        Assert.That(status.Magic, Is.EqualTo(magic));
        Assert.That(status.IsBsl7Style, Is.EqualTo(bsl7Style));
        Assert.That(status.ClockHz, Is.EqualTo(12e6).Within(0.1).Percent);
        Assert.That(status.Is6T, Is.False);
        Assert.That(board.Cpu.IsHeldInReset, Is.True, "the user code waits while the programmer talks");
    }

    [Test]
    public void A_classic_session_erases_writes_and_resets_into_the_new_code()
    {
        var (board, heard) = SwitchOnWithOldFirmware();
        RunIntoWindow(board);
        Send(board, 0x7F, 0x7F);
        board.RunFor(TimeSpan.FromMilliseconds(100));
        heard.Clear();

        var block = new byte[128];
        block.AsSpan().Fill(0xFF);
        Program.CopyTo(block, 0);
        SendFrame(board, ChecksumWidth.Sum8, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, .. block]);
        Assert.That(StcFrame.Decode(heard.ToArray(), StcFrame.McuToHost, ChecksumWidth.Sum8), Is.EqualTo(new byte[] { 0x80, (byte)~StcChecksum.Sum8(block) }),
            "a write before the erase is not acknowledged with the block's sum");
        heard.Clear();

        SendFrame(board, ChecksumWidth.Sum8, 0x84, 0x02, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33);
        Assert.That(board.Cpu.CodeMemory.ToArray(), Is.All.EqualTo(0xFF), "erased");
        heard.Clear();
        SendFrame(board, ChecksumWidth.Sum8, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, .. block]);
        Assert.That(StcFrame.Decode(heard.ToArray(), StcFrame.McuToHost, ChecksumWidth.Sum8), Is.EqualTo(new byte[] { 0x80, StcChecksum.Sum8(block) }));

        SendFrame(board, ChecksumWidth.Sum8, 0x82);
        board.RunFor(TimeSpan.FromMilliseconds(1));
        Assert.That(board.Bootloader!.State, Is.EqualTo(StcIspBootloader.IspState.UserCode));
        Assert.That(board.Cpu.Latch(1), Is.EqualTo(0x55), "the new program ran");
    }

    [Test]
    public void A_damaged_frame_gets_no_answer()
    {
        var (board, heard) = SwitchOnWithOldFirmware();
        RunIntoWindow(board);
        Send(board, 0x7F, 0x7F);
        board.RunFor(TimeSpan.FromMilliseconds(100));
        heard.Clear();
        var frame = StcFrame.Encode(StcFrame.HostToMcu, [0x80, 0x00, 0x00, 0x36, 0x01, 0xF0, 0x02], ChecksumWidth.Sum8);
        frame[^2] ^= 0x01;
        Send(board, frame);
        board.RunFor(TimeSpan.FromMilliseconds(50));
        Assert.That(heard, Is.Empty);
    }
}
