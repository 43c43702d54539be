using Calendar51.Emulator.Cpu;

namespace Calendar51.Tests.Cpu;

/// <summary>A core loaded with hand-assembled bytes, plus a recorder of pin edges.</summary>
internal sealed class CpuHarness : IPortListener
{
    public CpuHarness(string part, params byte[] program)
    {
        Cpu = new Mcs51(PartSpec.Get(part));
        Cpu.LoadCode(program);
        Cpu.AttachPortListener(this);
    }

    public Mcs51 Cpu { get; }

    public List<(int Port, byte Previous, byte Current, long Cycle)> Edges { get; } = [];

    public void PortChanged(int port, byte previous, byte current, long cycle) => Edges.Add((port, previous, current, cycle));

    public byte Sfr(int address) => Cpu.PeekDirect(address);

    public byte Ram(int address) => Cpu.InternalRam[address];

    public StopReason RunToSelfJump(long maxCycles = 1_000_000) => Cpu.Run(maxCycles);

    /// <summary>Edges of one pin as (cycle, new level).</summary>
    public IEnumerable<(long Cycle, bool Level)> PinEdges(int port, int bit) =>
        Edges.Where(e => e.Port == port && ((e.Previous ^ e.Current) & (1 << bit)) != 0)
             .Select(e => (e.Cycle, (e.Current & (1 << bit)) != 0));
}
