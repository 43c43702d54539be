using Calendar51.Emulator.Board;
using Calendar51.Emulator.Cpu;
using Calendar51.Emulator.Timing;

namespace Calendar51.Emulator.LogicAnalyser;

/// <summary>
/// The logic analyser: hears every level change of the MCU's pins (as the board's
/// <see cref="VirtualBoard.WireObserver"/>, or as a bare core's port listener) and writes the chosen
/// signals to a <see cref="VcdWriter"/> with their time in nanoseconds from the machine-cycle clock.
/// Survives a power cycle: attached to the new board, it carries on the same time line
/// (<see cref="VirtualBoard.VirtualTime"/>) and writes whatever levels the power-on changed.
/// </summary>
public sealed class WireRecorder : IPortListener, IDisposable
{
    private readonly VcdWriter writer;
    // Per port: the signals on it and the bit mask of each (parallel arrays: no allocation per edge).
    private readonly int[][] signalsByPort = new int[4][];
    private readonly byte[][] masksByPort = new byte[4][];
    private readonly byte[] recordedBits = new byte[4];
    private readonly byte[] levels = new byte[4];
    private MachineClock? clock;
    private long offsetNanoseconds;
    private Mcs51? cpu;
    private bool begun;

    public WireRecorder(VcdWriter writer)
    {
        this.writer = writer;
        for (int port = 0; port < 4; port++)
        {
            var onPort = Enumerable.Range(0, writer.Signals.Count).Where(index => writer.Signals[index].Pin.Port == port).ToArray();
            signalsByPort[port] = onPort;
            masksByPort[port] = onPort.Select(index => (byte)(1 << writer.Signals[index].Pin.Bit)).ToArray();
            foreach (byte mask in masksByPort[port]) recordedBits[port] |= mask;
        }
    }

    /// <summary>
    /// Records <paramref name="board"/> from now on (a board replacing the previous one after a power
    /// cycle continues the dump). A recorder already on the board keeps recording too.
    /// </summary>
    public void Attach(VirtualBoard board, string comment)
    {
        board.WireObserver = board.WireObserver is { } other && !ReferenceEquals(other, this) ? new BothListeners(other, this) : this;
        Start(board.Clock, board.PoweredOnAt.Ticks * 100, board.Cpu, comment);
    }

    /// <summary>Records a core with no board around it, timed by <paramref name="clock"/>.</summary>
    public void Attach(Mcs51 core, MachineClock clock, string comment)
    {
        core.AttachPortListener(this);
        Start(clock, 0, core, comment);
    }

    private void Start(MachineClock machineClock, long offset, Mcs51 core, string comment)
    {
        clock = machineClock;
        offsetNanoseconds = offset;
        cpu = core;
        if (!begun)
        {
            for (int port = 0; port < 4; port++) levels[port] = core.PinLevels(port);
            writer.Begin(NowNanoseconds, index => (levels[writer.Signals[index].Pin.Port] & 1 << writer.Signals[index].Pin.Bit) != 0, comment);
            begun = true;
            return;
        }
        for (int port = 0; port < 4; port++) PortChanged(port, levels[port], core.PinLevels(port), core.Cycles);
    }

    /// <summary>Virtual time of the attached board now, in nanoseconds.</summary>
    public long NowNanoseconds => cpu is null ? 0 : Nanoseconds(cpu.Cycles);

    public void PortChanged(int port, byte previous, byte current, long cycle)
    {
        levels[port] = current;
        int changed = previous ^ current;
        if ((changed & recordedBits[port]) == 0) return;
        var masks = masksByPort[port];
        long time = Nanoseconds(cycle);
        var signals = signalsByPort[port];
        for (int i = 0; i < signals.Length; i++)
        {
            if ((changed & masks[i]) != 0) writer.Change(signals[i], (current & masks[i]) != 0, time);
        }
    }

    private long Nanoseconds(long cycle) => offsetNanoseconds + clock!.ToNanoseconds(cycle);

    /// <summary>Ends the dump at the attached board's present time and flushes it.</summary>
    public void Finish() => writer.End(NowNanoseconds);

    public void Dispose() => writer.Dispose();
}

/// <summary>Two observers of the same wires (a whole-run recording and a scenario's record-vcd window).</summary>
internal sealed class BothListeners(IPortListener first, IPortListener second) : IPortListener
{
    public void PortChanged(int port, byte previous, byte current, long cycle)
    {
        first.PortChanged(port, previous, current, cycle);
        second.PortChanged(port, previous, current, cycle);
    }
}
