namespace Calendar51.Emulator.Cpu;

/// <summary>
/// The UART at bit level on the TXD/RXD pins. Modes 1 and 3 are clocked by Timer 1 overflows
/// (halved unless SMOD) or by Timer 2 (RCLK/TCLK); mode 2 by fosc/64 or fosc/32; mode 0 shifts one
/// bit per machine cycle. Per Intel's MCS-51 manual, transmission starts at the next rollover of the
/// free-running divide-by-16 counter, TI rises at the 10th (mode 1) or 11th (modes 2, 3) rollover
/// after the write to SBUF, the receiver restarts its divide-by-16 on a start-bit edge and samples
/// the middle of every bit.
/// </summary>
public sealed partial class Mcs51
{
    private const int SconRi = 0x01, SconTi = 0x02, SconRb8 = 0x04, SconTb8 = 0x08, SconRen = 0x10, SconSm2 = 0x20;
    private const int SampleTick = 8;

    private byte receiveBuffer;
    private long serialNextCycle = long.MaxValue;

    private bool transmitting;
    private int transmitRollovers;
    private int transmitFrame;
    private int transmitDivider;

    private bool receiving;
    private int receiveTick;
    private int receiveBit;
    private int receiveShift;

    private int timer1HalfTick;

    /// <summary>Raised when a frame has left TXD completely: the byte (9th bit in bit 8) and the cycle.</summary>
    public event Action<int, long>? ByteTransmitted;

    /// <summary>Raised when a received frame is loaded into SBUF (RI set): the byte (9th bit in bit 8) and the cycle.</summary>
    public event Action<int, long>? ByteReceived;

    private int SerialMode => sfr[Sfr.SCON] >> 6;

    private void ResetSerial()
    {
        receiveBuffer = 0;
        serialNextCycle = long.MaxValue;
        transmitting = false;
        receiving = false;
        transmitDivider = 0;
        timer1HalfTick = 0;
        if (s51Compatible) ResetS51Serial();
    }

    private bool UsesTimer2ForTransmit => Part.HasTimer2 && (sfr[Sfr.T2CON] & T2conTclk) != 0;
    private bool UsesTimer2ForReceive => Part.HasTimer2 && (sfr[Sfr.T2CON] & T2conRclk) != 0;

    // s51 counts every Timer 1 overflow towards the frame, with or without Timer 2 as baud generator.
    private bool SerialNeedsTimer1 =>
        (SerialMode & 1) == 1 && ((transmitting && (s51Compatible || !UsesTimer2ForTransmit)) || (receiving && !UsesTimer2ForReceive));

    private bool SerialNeedsTimer2 =>
        (SerialMode & 1) == 1 && ((transmitting && (s51Compatible ? Timer2IsBaudGenerator : UsesTimer2ForTransmit)) || (receiving && UsesTimer2ForReceive));

    private void WriteScon(byte value)
    {
        SyncTimers();
        int before = sfr[Sfr.SCON];
        sfr[Sfr.SCON] = value;
        // Mode 0 receives eight bits whenever REN is set with RI clear.
        if ((value >> 6) == 0 && (value & (SconRen | SconRi)) == SconRen && !receiving && !s51Compatible
            && ((before & SconRen) == 0 || (before & SconRi) != 0))
        {
            receiving = true;
            receiveBit = 0;
            receiveShift = 0;
            serialNextCycle = Math.Min(serialNextCycle, instructionEnd);
        }
        if (s51Compatible) S51SerialControlWritten();
        UpdateInterruptRequests();
        ScheduleSerial();
    }

    private void StartTransmit(byte value)
    {
        SyncTimers();
        if (s51Compatible)
        {
            StartTransmitAsS51(value);
            return;
        }
        int mode = SerialMode;
        // A write during the previous frame's stop bit (right after TI) is the usual back-to-back send:
        // that frame is complete as far as anyone can tell.
        if (transmitting && transmitRollovers >= (mode == 1 ? 10 : 11)) ByteTransmitted?.Invoke(transmitFrame, instructionEnd);
        transmitFrame = value | ((sfr[Sfr.SCON] & SconTb8) << 5);
        transmitting = true;
        transmitRollovers = 0;
        if (mode == 0)
        {
            serialNextCycle = instructionEnd;
        }
        else if (mode == 2)
        {
            transmitDivider = (int)((instructionEnd * Mode2TicksPerCycle) & 15);
        }
        ScheduleSerial();
    }

    private int Mode2TicksPerCycle => (sfr[Sfr.PCON] & PconSmod) != 0 ? 6 : 3;

    /// <summary>Mode 0 and mode 2 are clocked from the oscillator: an event every cycle while busy.</summary>
    private void ScheduleSerial()
    {
        if (s51Compatible)
        {
            RescheduleEvents();
            return;
        }
        int mode = SerialMode;
        bool busy = transmitting || receiving;
        if (!busy || mode == 1 || mode == 3) serialNextCycle = long.MaxValue;
        else if (serialNextCycle == long.MaxValue) serialNextCycle = instructionEnd > cycles ? instructionEnd : cycles;
        RescheduleEvents();
    }

    private void SerialCycleEvent(long cycle)
    {
        if (s51Compatible)
        {
            S51FrameSent(cycle);
            return;
        }
        int mode = SerialMode;
        if (mode == 0) ShiftMode0(cycle);
        else if (mode == 2)
        {
            for (int tick = 0; tick < Mode2TicksPerCycle; tick++)
            {
                if (transmitting) TransmitTick(cycle);
                if (receiving) ReceiveTick(cycle);
            }
        }
        serialNextCycle = (transmitting || receiving) && (mode == 0 || mode == 2) ? cycle + 1 : long.MaxValue;
    }

    private void Timer1Overflowed(long overflows, long lastCycle)
    {
        if (s51Compatible)
        {
            S51BaudOverflow(overflows, lastCycle, fromTimer2: false);
            return;
        }
        long ticks = overflows;
        if ((sfr[Sfr.PCON] & PconSmod) == 0)
        {
            ticks = (timer1HalfTick + overflows) >> 1;
            timer1HalfTick = (int)((timer1HalfTick + overflows) & 1);
        }
        if ((SerialMode & 1) == 0 || ticks == 0) return;
        DeliverBaudTicks(ticks, lastCycle, toTransmitter: !UsesTimer2ForTransmit, toReceiver: !UsesTimer2ForReceive);
    }

    private void Timer2Overflowed(long overflows, long lastCycle)
    {
        if (s51Compatible)
        {
            S51BaudOverflow(overflows, lastCycle, fromTimer2: true);
            return;
        }
        if ((SerialMode & 1) == 0) return;
        DeliverBaudTicks(overflows, lastCycle, toTransmitter: UsesTimer2ForTransmit, toReceiver: UsesTimer2ForReceive);
    }

    private void DeliverBaudTicks(long ticks, long cycle, bool toTransmitter, bool toReceiver)
    {
        if (toTransmitter && !transmitting)
        {
            // Idle: only the free-running divider's phase matters.
            transmitDivider = (int)((transmitDivider + ticks) & 15);
            toTransmitter = false;
        }
        if (!toTransmitter && !(toReceiver && receiving)) return;
        for (long tick = 0; tick < ticks; tick++)
        {
            if (toTransmitter && transmitting) TransmitTick(cycle);
            else if (toTransmitter) transmitDivider = (transmitDivider + 1) & 15;
            if (toReceiver && receiving) ReceiveTick(cycle);
        }
    }

    private void TransmitTick(long cycle)
    {
        transmitDivider = (transmitDivider + 1) & 15;
        if (transmitDivider != 0) return;
        transmitRollovers++;
        int dataBits = SerialMode == 1 ? 8 : 9;
        int rollover = transmitRollovers;
        if (rollover == 1) SetAlternateOutput(3, 1, false, cycle);                                   // start bit
        else if (rollover <= dataBits + 1) SetAlternateOutput(3, 1, ((transmitFrame >> (rollover - 2)) & 1) != 0, cycle);
        else if (rollover == dataBits + 2)
        {
            SetAlternateOutput(3, 1, true, cycle);                                                   // stop bit
            SetSerialFlag(SconTi, cycle);
        }
        else
        {
            transmitting = false;
            ByteTransmitted?.Invoke(transmitFrame, cycle);
        }
    }

    private void ReceiveLineFell()
    {
        int mode = SerialMode;
        if (s51Compatible || mode == 0 || receiving || (sfr[Sfr.SCON] & SconRen) == 0) return;
        receiving = true;
        receiveTick = 0;
        receiveBit = 0;
        receiveShift = 0;
        ScheduleSerial();
    }

    private void ReceiveTick(long cycle)
    {
        receiveTick++;
        if (receiveTick == SampleTick)
        {
            int level = pinLevels[3] & 1;
            int dataBits = SerialMode == 1 ? 8 : 9;
            if (receiveBit == 0)
            {
                if (level != 0) receiving = false;   // false start: a glitch, not a start bit
            }
            else if (receiveBit <= dataBits)
            {
                receiveShift |= level << (receiveBit - 1);
            }
            else
            {
                CompleteReception(level, dataBits, cycle);
                receiving = false;
            }
        }
        if (receiveTick == 16)
        {
            receiveTick = 0;
            receiveBit++;
        }
    }

    private void CompleteReception(int stopBit, int dataBits, long cycle)
    {
        int scon = sfr[Sfr.SCON];
        int ninth = dataBits == 9 ? (receiveShift >> 8) & 1 : stopBit;
        if ((scon & SconRi) != 0 || ((scon & SconSm2) != 0 && ninth == 0)) return;
        receiveBuffer = (byte)receiveShift;
        sfr[Sfr.SCON] = (byte)((scon & ~SconRb8) | (ninth << 2) | SconRi);
        UpdateInterruptRequests(cycle);
        ByteReceived?.Invoke(dataBits == 9 ? receiveShift & 0x1FF : receiveBuffer, cycle);
    }

    /// <summary>Mode 0: eight bits on RXD, LSB first, one per machine cycle.</summary>
    private void ShiftMode0(long cycle)
    {
        if (transmitting)
        {
            int bit = transmitRollovers++;
            if (bit < 8) SetAlternateOutput(3, 0, ((transmitFrame >> bit) & 1) != 0, cycle);
            else
            {
                SetAlternateOutput(3, 0, true, cycle);
                transmitting = false;
                SetSerialFlag(SconTi, cycle);
                ByteTransmitted?.Invoke(transmitFrame & 0xFF, cycle);
            }
        }
        else if (receiving)
        {
            if (receiveBit < 8) receiveShift |= (pinLevels[3] & 1) << receiveBit++;
            else
            {
                receiveBuffer = (byte)receiveShift;
                receiving = false;
                SetSerialFlag(SconRi, cycle);
                ByteReceived?.Invoke(receiveBuffer, cycle);
            }
        }
    }

    private void SetSerialFlag(int flag, long cycle)
    {
        sfr[Sfr.SCON] |= (byte)flag;
        UpdateInterruptRequests(cycle);
    }
}
