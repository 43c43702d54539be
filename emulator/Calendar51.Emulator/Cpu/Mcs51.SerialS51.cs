namespace Calendar51.Emulator.Cpu;

/// <summary>
/// The UART transmitter as s51 0.6.4 times it (<see cref="Compatibility.S51"/>): bit timing starts at
/// the write to SBUF instead of the next rollover of the free-running divide-by-16 counter (Intel
/// MCS-51 manual, serial port), mode 2 counts a bit every 16 (SMOD=1) or 32 oscillator clocks where
/// the manual gives 32 or 64, and TI rises after all the frame's bits including the stop bit. The
/// receiver listens to no pin: s51 receives only from its own input stream.
/// On parts with Timer 2, s51 starts as if Timer 2 were its baud-rate generator (a flag read from
/// T2CON before reset), which forces 16 per bit in every mode until a write to T2CON changes Timer
/// 2's mode; the 16 then stays until SCON or PCON is written.
/// </summary>
public sealed partial class Mcs51
{
    private const int ClocksPerMachineCycle = 12;

    private long s51BaudOverflows;
    private long s51BaudOverflowsPerFrame;
    private int s51BitDivider;
    private bool s51Timer2Baud;
    private int s51Timer2Mode;

    private void ResetS51Serial()
    {
        s51Timer2Baud = Part.HasTimer2;
        s51Timer2Mode = 0;
        S51SerialControlWritten();
    }

    /// <summary>s51 recomputes its bits-per-frame divider when SCON or PCON is written.</summary>
    private void S51SerialControlWritten()
    {
        s51BitDivider = SerialMode == 0 ? ClocksPerMachineCycle : (sfr[Sfr.PCON] & PconSmod) != 0 ? 16 : 32;
        if (s51Timer2Baud) s51BitDivider = 16;
    }

    /// <summary>s51 hears of T2CON only when Timer 2 changes between reload, capture and baud-rate mode.</summary>
    private void S51Timer2ControlWritten(int t2con)
    {
        int mode = (t2con & (T2conRclk | T2conTclk)) != 0 ? 2 : (t2con & T2conCapture) != 0 ? 1 : 0;
        if (mode == s51Timer2Mode) return;
        s51Timer2Mode = mode;
        if (!s51Timer2Baud) s51BaudOverflows = 0;
        s51Timer2Baud = mode == 2;
        if (s51Timer2Baud) s51BitDivider = 16;
    }

    private int S51FrameBits => SerialMode switch { 0 => 8, 1 => 10, _ => 11 };

    private void StartTransmitAsS51(byte value)
    {
        transmitFrame = value | ((sfr[Sfr.SCON] & SconTb8) << 5);
        transmitting = true;
        s51BaudOverflows = 0;
        s51BaudOverflowsPerFrame = (long)S51FrameBits * s51BitDivider;
        serialNextCycle = long.MaxValue;
        if ((SerialMode & 1) == 0)
        {
            // The write lands after the instruction's first cycle; s51 then counts 12 clocks a cycle
            // and sees the last bit complete one cycle after the clocks reach the frame's length.
            long writeCycle = instructionEnd > cycles ? cycles + 1 : cycles;
            serialNextCycle = writeCycle + (s51BaudOverflowsPerFrame + ClocksPerMachineCycle - 1) / ClocksPerMachineCycle;
        }
        RescheduleEvents();
    }

    /// <summary>A Timer 1 overflow in <paramref name="cycle"/> counts in that cycle; Timer 2's (ticked after the UART) in the next.</summary>
    private void S51BaudOverflow(long overflows, long cycle, bool fromTimer2)
    {
        if (!transmitting || (SerialMode & 1) == 0) return;
        s51BaudOverflows += overflows;
        if (s51BaudOverflows < s51BaudOverflowsPerFrame) return;
        if (fromTimer2) serialNextCycle = Math.Min(serialNextCycle, cycle + 1);
        else S51FrameSent(cycle);
    }

    private void S51FrameSent(long cycle)
    {
        transmitting = false;
        serialNextCycle = long.MaxValue;
        SetSerialFlag(SconTi, cycle);
        ByteTransmitted?.Invoke(transmitFrame, cycle);
    }
}
