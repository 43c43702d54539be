namespace Calendar51.Emulator.Cpu;

/// <summary>
/// Timers 0 and 1 (modes 0–3, GATE, counting T0/T1 edges) and the 8052's Timer 2 (capture,
/// auto-reload, baud-rate generator, T2EX). Counts are brought up to date only when someone looks
/// (an SFR read, a pin change, a scheduled overflow), so a running timer costs nothing per instruction.
/// </summary>
public sealed partial class Mcs51
{
    private const int TconTf1 = 0x80, TconTr1 = 0x40, TconTf0 = 0x20, TconTr0 = 0x10;
    private const int T2conTf2 = 0x80, T2conExf2 = 0x40, T2conRclk = 0x20, T2conTclk = 0x10, T2conExen2 = 0x08, T2conTr2 = 0x04, T2conCounter = 0x02, T2conCapture = 0x01;

    /// <summary>Timer counts include every machine cycle before this one.</summary>
    private long timerSync;
    private long nextEventCycle = long.MaxValue;

    private void ResetTimers()
    {
        timerSync = cycles;
        RescheduleEvents();
    }

    /// <summary>
    /// Brings the timers to the moment an instruction touches an SFR; between instructions, now.
    /// The datasheet does not say in which machine cycle an instruction reads or writes its operand;
    /// we follow s51, our reference: after the first cycle, except that JB, JNB, CJNE A,direct and
    /// DJNZ direct read (and DJNZ writes) their operand after both of their cycles.
    /// </summary>
    private void SyncTimers()
    {
        if (instructionEnd <= cycles)
        {
            AdvanceTimersTo(cycles);
            return;
        }
        int opcode = code[pc];   // every instruction that reads or writes an SFR moves PC only afterwards
        long target = cycles + (opcode is 0x20 or 0x30 or 0xB5 or 0xD5 ? 2 : 1);
        // Overflows and UART bits inside the instruction keep their own cycle (interrupt sampling).
        ProcessEventsThrough(target - 1);
        AdvanceTimersTo(target);
    }

    private int Timer0Mode => sfr[Sfr.TMOD] & 3;
    private int Timer1Mode => (sfr[Sfr.TMOD] >> 4) & 3;

    /// <summary>A timer counts machine cycles when it runs, is in timer (not counter) mode and its gate is open.</summary>
    private bool TimerCountsCycles(int timer)
    {
        int control = sfr[Sfr.TMOD] >> (timer * 4);
        if ((control & 0x04) != 0) return false;                                 // C/T = 1: counts pin edges
        bool running = timer == 0
            ? (sfr[Sfr.TCON] & TconTr0) != 0
            : Timer1Mode != 3 && (Timer0Mode3TakesTr1 || (sfr[Sfr.TCON] & TconTr1) != 0);
        if (!running) return false;
        if ((control & 0x08) == 0) return true;                                  // GATE = 0
        return (pinLevels[3] & (timer == 0 ? 0x04 : 0x08)) != 0;                 // gated by INT0/INT1 pin
    }

    /// <summary>
    /// Intel: with Timer 0 in mode 3, TR1 and TF1 belong to TH0 and Timer 1 runs whenever it is not in
    /// mode 3 itself. s51 keeps Timer 1 gated by TR1 and setting TF1.
    /// </summary>
    private bool Timer0Mode3TakesTr1 => Timer0Mode == 3 && !s51Compatible;

    private bool Timer0HighHalfRuns => Timer0Mode == 3 && (sfr[Sfr.TCON] & TconTr1) != 0;

    private bool Timer2Runs => Part.HasTimer2 && (sfr[Sfr.T2CON] & (T2conTr2 | T2conCounter)) == T2conTr2;

    private bool Timer2IsBaudGenerator => (sfr[Sfr.T2CON] & (T2conRclk | T2conTclk)) != 0;

    /// <summary>Timer 2 counts fosc/2 as a baud-rate generator, i.e. six counts per machine cycle.</summary>
    private int Timer2CountsPerCycle => Timer2IsBaudGenerator ? 6 : 1;

    private void AdvanceTimersTo(long target)
    {
        long delta = target - timerSync;
        if (delta <= 0) return;
        timerSync = target;

        if (Timer0Mode == 3)
        {
            if (TimerCountsCycles(0) && Advance8Bit(Sfr.TL0, delta) > 0) sfr[Sfr.TCON] |= TconTf0;
            if (Timer0HighHalfRuns && Advance8Bit(Sfr.TH0, delta) > 0) sfr[Sfr.TCON] |= TconTf1;
        }
        else if (TimerCountsCycles(0) && AdvanceTimer(Sfr.TL0, Sfr.TH0, Timer0Mode, delta) > 0)
        {
            sfr[Sfr.TCON] |= TconTf0;
        }

        if (TimerCountsCycles(1))
        {
            long overflows = AdvanceTimer(Sfr.TL1, Sfr.TH1, Timer1Mode, delta);
            if (overflows > 0)
            {
                if (!Timer0Mode3TakesTr1) sfr[Sfr.TCON] |= TconTf1;
                Timer1Overflowed(overflows, target - 1);
            }
        }

        if (Timer2Runs) AdvanceTimer2(delta * Timer2CountsPerCycle, target - 1);
        UpdateInterruptRequests(target - 1);
    }

    /// <summary>Adds <paramref name="increments"/> counts to timer 0 or 1 in the given mode; returns the overflows.</summary>
    private long AdvanceTimer(int low, int high, int mode, long increments)
    {
        switch (mode)
        {
            case 0:
            {
                // 13 bits: TH plus the low five bits of TL. The datasheet calls TL's upper three bits
                // indeterminate; as in s51 they keep what was written until the five bits first roll
                // over into TH, and are 0 from then on.
                long value = (sfr[high] << 5) | (sfr[low] & 0x1F);
                bool carriedIntoHigh = (value & 0x1F) + increments > 0x1F;
                value += increments;
                sfr[high] = (byte)(value >> 5);
                sfr[low] = (byte)(carriedIntoHigh ? (int)(value & 0x1F) : (sfr[low] & 0xE0) | (int)(value & 0x1F));
                return value >> 13;
            }
            case 1:
            {
                long value = (sfr[high] << 8) | sfr[low];
                value += increments;
                sfr[high] = (byte)(value >> 8);
                sfr[low] = (byte)value;
                return value >> 16;
            }
            case 2:
            {
                int count = sfr[low];
                if (count + increments < 256)
                {
                    sfr[low] = (byte)(count + increments);
                    return 0;
                }
                int reload = sfr[high];
                long period = 256 - reload;
                long afterFirst = increments - (256 - count);
                sfr[low] = (byte)(reload + afterFirst % period);
                return 1 + afterFirst / period;
            }
            default:
                return 0;
        }
    }

    private long Advance8Bit(int register, long increments)
    {
        long value = sfr[register] + increments;
        sfr[register] = (byte)value;
        return value >> 8;
    }

    private void AdvanceTimer2(long increments, long lastCycle)
    {
        long value = (sfr[Sfr.TH2] << 8) | sfr[Sfr.TL2];
        int t2con = sfr[Sfr.T2CON];
        bool reloads = Timer2IsBaudGenerator || (t2con & T2conCapture) == 0;
        if (value + increments < 0x10000)
        {
            value += increments;
        }
        else
        {
            long overflows;
            if (reloads)
            {
                long reload = (sfr[Sfr.RCAP2H] << 8) | sfr[Sfr.RCAP2L];
                long period = 0x10000 - reload;
                long afterFirst = increments - (0x10000 - value);
                overflows = 1 + afterFirst / period;
                value = reload + afterFirst % period;
            }
            else
            {
                value += increments;
                overflows = value >> 16;
            }
            if (Timer2IsBaudGenerator) Timer2Overflowed(overflows, lastCycle);
            else sfr[Sfr.T2CON] |= T2conTf2;
        }
        sfr[Sfr.TH2] = (byte)(value >> 8);
        sfr[Sfr.TL2] = (byte)value;
    }

    private void WriteTimerRegister(int address, byte value)
    {
        // The write lands at the end of the instruction's first machine cycle: that cycle still counts
        // with the old settings, any later cycle of a two-cycle write with the new ones (s51 agrees).
        SyncTimers();
        if (address == Sfr.TCON)
        {
            // IE0/IE1 follow the pins while level-triggered.
            sfr[address] = value;
            RefreshLevelTriggeredInterrupts();
            UpdateInterruptRequests();
        }
        else
        {
            sfr[address] = value;
            if (address == Sfr.T2CON)
            {
                if (s51Compatible) S51Timer2ControlWritten(value);
                UpdateInterruptRequests();
            }
        }
        RescheduleEvents();
    }

    /// <summary>One count from a T0, T1 or T2 pin's falling edge (counter mode).</summary>
    private void CountExternalEdge(int timer)
    {
        switch (timer)
        {
            case 0:
                if ((sfr[Sfr.TMOD] & 0x04) == 0 || (sfr[Sfr.TCON] & TconTr0) == 0) return;
                if ((sfr[Sfr.TMOD] & 0x08) != 0 && (pinLevels[3] & 0x04) == 0) return;
                if ((Timer0Mode == 3 ? Advance8Bit(Sfr.TL0, 1) : AdvanceTimer(Sfr.TL0, Sfr.TH0, Timer0Mode, 1)) > 0) sfr[Sfr.TCON] |= TconTf0;
                break;
            case 1:
                if ((sfr[Sfr.TMOD] & 0x40) == 0 || Timer1Mode == 3) return;
                if (!Timer0Mode3TakesTr1 && (sfr[Sfr.TCON] & TconTr1) == 0) return;
                if ((sfr[Sfr.TMOD] & 0x80) != 0 && (pinLevels[3] & 0x08) == 0) return;
                if (AdvanceTimer(Sfr.TL1, Sfr.TH1, Timer1Mode, 1) > 0)
                {
                    if (!Timer0Mode3TakesTr1) sfr[Sfr.TCON] |= TconTf1;
                    Timer1Overflowed(1, cycles);
                }
                break;
            case 2:
                if (!Part.HasTimer2 || (sfr[Sfr.T2CON] & (T2conTr2 | T2conCounter)) != (T2conTr2 | T2conCounter)) return;
                AdvanceTimer2(1, cycles);
                break;
        }
        UpdateInterruptRequests();
        RescheduleEvents();
    }

    /// <summary>T2EX falling edge: capture or reload, and EXF2, when EXEN2 is set.</summary>
    private void Timer2ExternalEdge()
    {
        int t2con = sfr[Sfr.T2CON];
        if (!Part.HasTimer2 || (t2con & T2conExen2) == 0) return;
        if (!Timer2IsBaudGenerator)
        {
            if ((t2con & T2conCapture) != 0)
            {
                sfr[Sfr.RCAP2L] = sfr[Sfr.TL2];
                sfr[Sfr.RCAP2H] = sfr[Sfr.TH2];
            }
            else
            {
                sfr[Sfr.TL2] = sfr[Sfr.RCAP2L];
                sfr[Sfr.TH2] = sfr[Sfr.RCAP2H];
            }
        }
        sfr[Sfr.T2CON] |= T2conExf2;
        UpdateInterruptRequests();
        RescheduleEvents();
    }

    /// <summary>The cycle in which a counter at <paramref name="value"/> reaches <paramref name="limit"/> at the given rate.</summary>
    private long OverflowCycle(long value, long limit, int countsPerCycle = 1)
    {
        long increments = limit - value;
        return timerSync + (increments + countsPerCycle - 1) / countsPerCycle - 1;
    }

    /// <summary>
    /// Finds the next cycle at which something observable happens: an overflow that sets a clear flag
    /// or clocks the UART, or a UART bit. Overflows that change nothing are left to bulk arithmetic.
    /// </summary>
    private void RescheduleEvents()
    {
        long next = long.MaxValue;
        int tcon = sfr[Sfr.TCON];
        int mode0 = Timer0Mode;
        if (mode0 == 3)
        {
            if ((tcon & TconTf0) == 0 && TimerCountsCycles(0)) next = Math.Min(next, OverflowCycle(sfr[Sfr.TL0], 256));
            if ((tcon & TconTf1) == 0 && Timer0HighHalfRuns) next = Math.Min(next, OverflowCycle(sfr[Sfr.TH0], 256));
        }
        else if ((tcon & TconTf0) == 0 && TimerCountsCycles(0))
        {
            next = Math.Min(next, OverflowCycle(TimerValue(Sfr.TL0, Sfr.TH0, mode0), TimerLimit(mode0)));
        }

        bool timer1Matters = (!Timer0Mode3TakesTr1 && (tcon & TconTf1) == 0) || SerialNeedsTimer1;
        if (timer1Matters && TimerCountsCycles(1))
        {
            next = Math.Min(next, OverflowCycle(TimerValue(Sfr.TL1, Sfr.TH1, Timer1Mode), TimerLimit(Timer1Mode)));
        }

        if (Timer2Runs)
        {
            bool matters = Timer2IsBaudGenerator ? SerialNeedsTimer2 : (sfr[Sfr.T2CON] & T2conTf2) == 0;
            if (matters)
            {
                long value = (sfr[Sfr.TH2] << 8) | sfr[Sfr.TL2];
                next = Math.Min(next, OverflowCycle(value, 0x10000, Timer2CountsPerCycle));
            }
        }

        next = Math.Min(next, serialNextCycle);
        nextEventCycle = next;
    }

    private long TimerValue(int low, int high, int mode) => mode switch
    {
        0 => (sfr[high] << 5) | (sfr[low] & 0x1F),
        1 => (sfr[high] << 8) | sfr[low],
        _ => sfr[low],
    };

    private static long TimerLimit(int mode) => mode switch { 0 => 8192, 1 => 65536, _ => 256 };

    /// <summary>Brings every peripheral up to the end of cycle <paramref name="lastCycle"/>, one event at a time.</summary>
    private void ProcessEventsThrough(long lastCycle)
    {
        while (nextEventCycle <= lastCycle)
        {
            long eventCycle = nextEventCycle;
            AdvanceTimersTo(eventCycle + 1);
            if (serialNextCycle <= eventCycle) SerialCycleEvent(eventCycle);
            RescheduleEvents();
        }
    }
}
