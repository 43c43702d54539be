namespace Calendar51.Emulator.Cpu;

/// <summary>
/// Told whenever the level of any pin of a port changes, whoever caused it: the program writing the
/// latch, the UART shifting a bit out, or the outside world pulling a line. This is how a board sees
/// the MCU; the core knows nothing of what is wired to it.
/// </summary>
public interface IPortListener
{
    /// <param name="port">0 to 3 for P0 to P3.</param>
    /// <param name="previous">Pin levels before the change (bit n = Pport.n).</param>
    /// <param name="current">Pin levels after the change.</param>
    /// <param name="cycle">Machine cycle at which the new levels appear.</param>
    void PortChanged(int port, byte previous, byte current, long cycle);
}
