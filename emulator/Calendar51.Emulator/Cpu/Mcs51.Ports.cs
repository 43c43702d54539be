namespace Calendar51.Emulator.Cpu;

/// <summary>
/// Ports at pin level. P1–P3 are quasi-bidirectional: a 0 in the latch pulls the pin low hard, a 1
/// leaves it on a weak pull-up that any device may overpower. P0 is open drain: a 1 floats the pin
/// unless the board fits pull-up resistors. A pin is the wired-AND of everything on it. The core
/// keeps latch and pin apart: read-modify-write instructions see the latch, everything else the pins.
/// </summary>
public sealed partial class Mcs51
{
    private readonly byte[] pinLevels = new byte[4];
    private readonly byte[] externalLow = new byte[4];
    private readonly byte[] externalHigh = new byte[4];
    private readonly byte[] pullUps = [0x00, 0xFF, 0xFF, 0xFF];
    private readonly byte[] alternateOutput = [0xFF, 0xFF, 0xFF, 0xFF];
    private readonly byte[] floatingLevels = [0xFF, 0xFF, 0xFF, 0xFF];
    // The pins a 1 in the latch would show as 1: everything but the latch, folded into one byte per
    // port whenever any of it changes, so that a latch write (the common case) costs one AND.
    private readonly byte[] levelsOfOnes = new byte[4];
    private IPortListener? portListener;

    /// <summary>Receives every pin-level change with its cycle. One listener: the board.</summary>
    public void AttachPortListener(IPortListener listener) => portListener = listener;

    /// <summary>
    /// Pins with neither a pull-up nor a driver read this level (bit per pin). Default: high, which is
    /// what most boards show on an undriven P0 line and what simulators such as s51 assume.
    /// </summary>
    public void SetFloatingLevel(int port, byte levels)
    {
        floatingLevels[port] = levels;
        UpdateLevelsOfOnes(port);
        RecomputePins(port, cycles);
    }

    /// <summary>Declares which P0 pins have external pull-up resistors (P1–P3 always have their internal ones).</summary>
    public void SetPort0PullUps(byte mask)
    {
        pullUps[0] = mask;
        UpdateLevelsOfOnes(0);
        RecomputePins(0, cycles);
    }

    /// <summary>
    /// What the outside world does to a port's pins: bits set in <paramref name="pullLow"/> are pulled
    /// low (a key, an open-drain output, a chip driving 0); bits in <paramref name="driveHigh"/> are
    /// driven high (a chip driving 1; it cannot beat the port's own hard 0).
    /// </summary>
    public void DriveExternally(int port, byte pullLow, byte driveHigh, long cycle)
    {
        // Every other input of the pins recomputes them when it changes, so the same drive again changes nothing.
        if (externalLow[port] == pullLow && externalHigh[port] == driveHigh) return;
        externalLow[port] = pullLow;
        externalHigh[port] = driveHigh;
        UpdateLevelsOfOnes(port);
        RecomputePins(port, cycle);
    }

    /// <summary>The port's pins with a pull-up (P1–P3: all, by their internal ones; P0: those of <see cref="SetPort0PullUps"/>).</summary>
    public byte PullUps(int port) => pullUps[port];

    /// <summary>Current level of every pin of the port.</summary>
    public byte PinLevels(int port) => pinLevels[port];

    /// <summary>Current latch of the port (what the program last wrote).</summary>
    public byte Latch(int port) => sfr[Sfr.P0 + 0x10 * port];

    private void ResetPorts()
    {
        alternateOutput.AsSpan().Fill(0xFF);
        for (int port = 0; port < 4; port++)
        {
            UpdateLevelsOfOnes(port);
            RecomputePins(port, cycles);
        }
    }

    private void WriteLatch(int port, byte value)
    {
        sfr[Sfr.P0 + 0x10 * port] = value;
        RecomputePins(port, instructionEnd > cycles ? instructionEnd : cycles);
    }

    private void SetAlternateOutput(int port, int bit, bool level, long cycle)
    {
        byte mask = (byte)(1 << bit);
        byte updated = level ? (byte)(alternateOutput[port] | mask) : (byte)(alternateOutput[port] & ~mask);
        if (updated == alternateOutput[port]) return;
        alternateOutput[port] = updated;
        UpdateLevelsOfOnes(port);
        RecomputePins(port, cycle);
    }

    private byte ComputeLevels(int port) => (byte)(sfr[Sfr.P0 + 0x10 * port] & levelsOfOnes[port]);

    private void UpdateLevelsOfOnes(int port)
    {
        int released = alternateOutput[port] & ~externalLow[port];
        int high = pullUps[port] | externalHigh[port] | (floatingLevels[port] & ~pullUps[port] & ~externalHigh[port]);
        levelsOfOnes[port] = (byte)(released & high);
    }

    private void RecomputePins(int port, long cycle)
    {
        byte previous = pinLevels[port];
        byte current = ComputeLevels(port);
        if (current == previous) return;

        int fell = previous & ~current;
        if (ConcernsPeripherals(port, previous ^ current))
        {
            // Timers gated by INT0/INT1 must have counted up to the moment the gate changes.
            SyncTimers();
            pinLevels[port] = current;
            if (port == 3) Port3Changed(fell);
            else
            {
                if ((fell & 0x01) != 0) CountExternalEdge(2);
                if ((fell & 0x02) != 0) Timer2ExternalEdge();
            }
            RescheduleEvents();
        }
        else
        {
            // Timers and UART are evaluated lazily from pinLevels, so a pin no peripheral watches
            // (LCD bus, DS1302 lines, P3.4/P3.5 outside counter mode) changes nothing else.
            pinLevels[port] = current;
        }
        portListener?.PortChanged(port, previous, current, cycle);
    }

    /// <summary>
    /// Whether a change of pins can affect an on-chip peripheral: INT0/INT1 (gate, level and edge
    /// triggering), RXD (start bit, sampling), T0/T1 in counter mode, and T2/T2EX on 8052-class
    /// parts. Timers and UART read no other pin, so for the rest their lazy state stays exact.
    /// </summary>
    private bool ConcernsPeripherals(int port, int changed)
    {
        if (port == 3)
        {
            int tmod = sfr[Sfr.TMOD];
            return (changed & 0x0D) != 0
                   || ((changed & 0x10) != 0 && (tmod & 0x04) != 0)
                   || ((changed & 0x20) != 0 && (tmod & 0x40) != 0);
        }
        return port == 1 && Part.HasTimer2 && (changed & 0x03) != 0;
    }

    private void Port3Changed(int fell)
    {
        int tcon = sfr[Sfr.TCON];
        if ((tcon & 0x01) != 0 && (fell & 0x04) != 0) tcon |= 0x02;   // INT0 falling edge
        if ((tcon & 0x04) != 0 && (fell & 0x08) != 0) tcon |= 0x08;   // INT1 falling edge
        sfr[Sfr.TCON] = (byte)tcon;
        RefreshLevelTriggeredInterrupts();
        if ((fell & 0x10) != 0) CountExternalEdge(0);
        if ((fell & 0x20) != 0) CountExternalEdge(1);
        if ((fell & 0x01) != 0) ReceiveLineFell();
        UpdateInterruptRequests();
    }

    /// <summary>
    /// With IT0/IT1 clear, IE0/IE1 are the inverted INT0/INT1 pins (Intel MCS-51 manual: a level
    /// request is sampled every cycle). s51 only sets them while a pin is low and keeps a 1 that
    /// software wrote.
    /// </summary>
    private void RefreshLevelTriggeredInterrupts()
    {
        int tcon = sfr[Sfr.TCON];
        if (s51Compatible)
        {
            if ((tcon & 0x01) == 0 && (pinLevels[3] & 0x04) == 0) tcon |= 0x02;
            if ((tcon & 0x04) == 0 && (pinLevels[3] & 0x08) == 0) tcon |= 0x08;
            sfr[Sfr.TCON] = (byte)tcon;
            return;
        }
        if ((tcon & 0x01) == 0) tcon = (pinLevels[3] & 0x04) == 0 ? tcon | 0x02 : tcon & ~0x02;
        if ((tcon & 0x04) == 0) tcon = (pinLevels[3] & 0x08) == 0 ? tcon | 0x08 : tcon & ~0x08;
        sfr[Sfr.TCON] = (byte)tcon;
    }
}
