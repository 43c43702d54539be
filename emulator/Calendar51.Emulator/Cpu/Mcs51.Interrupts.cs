namespace Calendar51.Emulator.Cpu;

/// <summary>
/// The interrupt system: six sources in natural priority order (IE0, TF0, IE1, TF1, RI|TI, TF2|EXF2),
/// two priority levels from IP, polling at the end of each instruction with the datasheet's
/// exceptions (never right after RETI or a write to IE/IP), and a two-cycle hardware LCALL to the
/// vector. Intel MCS-51 manual, "Handling of Interrupts": flags are sampled at S5P2 of every machine
/// cycle and polled in the following one, and the LCALL follows only if that polling cycle is the
/// last of an instruction; so a flag raised in an instruction's last cycle (a software write to a
/// flag always lands there) is serviced after the next instruction. s51 services every flag raised
/// anywhere in an instruction at its end (<see cref="Compatibility.S51"/>).
/// </summary>
public sealed partial class Mcs51
{
    private const int SourceExternal0 = 0, SourceTimer0 = 1, SourceExternal1 = 2, SourceTimer1 = 3, SourceSerial = 4, SourceTimer2 = 5;

    /// <summary>
    /// Machine cycles of the hardware LCALL into a handler: two (Intel MCS-51 manual, interrupt
    /// response time); s51 counts one.
    /// </summary>
    private int InterruptEntryCycles => s51Compatible ? 1 : 2;

    private int interruptRequests;
    // Requests that rose in cycle latestRequestCycle: not yet sampled when that cycle is an instruction's last.
    private long latestRequestCycle = -1;
    private int latestRequests;
    private bool interruptCheckNeeded;
    private long pollBlockedAt = -1;
    private bool lowPriorityInService, highPriorityInService;

    /// <summary>Raised after the core vectors to an interrupt: source number (0 = IE0 … 5 = Timer 2) and cycle.</summary>
    public event Action<int, long>? InterruptTaken;

    private void ResetInterrupts()
    {
        interruptRequests = 0;
        interruptCheckNeeded = false;
        pollBlockedAt = -1;
        lowPriorityInService = false;
        highPriorityInService = false;
        latestRequestCycle = -1;
        latestRequests = 0;
    }

    /// <summary>Recomputes the request lines after a software write or a pin change: a flag raised now is raised in the current instruction's last cycle.</summary>
    private void UpdateInterruptRequests() => UpdateInterruptRequests(instructionEnd > cycles ? instructionEnd - 1 : cycles);

    /// <summary>Recomputes the request lines from the flag registers, a flag having risen in <paramref name="raisedInCycle"/>.</summary>
    private void UpdateInterruptRequests(long raisedInCycle)
    {
        int tcon = sfr[Sfr.TCON];
        int requests = ((tcon >> 1) & 1)            // IE0
                       | (((tcon >> 5) & 1) << 1)    // TF0
                       | (((tcon >> 3) & 1) << 2)    // IE1
                       | (((tcon >> 7) & 1) << 3);   // TF1
        if ((sfr[Sfr.SCON] & 0x03) != 0) requests |= 1 << SourceSerial;
        if (Part.HasTimer2 && (sfr[Sfr.T2CON] & 0xC0) != 0) requests |= 1 << SourceTimer2;
        int risen = requests & ~interruptRequests;
        if (risen != 0 && raisedInCycle >= latestRequestCycle)
        {
            latestRequests = raisedInCycle == latestRequestCycle ? latestRequests | risen : risen;
            latestRequestCycle = raisedInCycle;
        }
        interruptRequests = requests;
        int ie = sfr[Sfr.IE];
        interruptCheckNeeded = (ie & 0x80) != 0 && (requests & ie & 0x3F) != 0;
    }

    private void InterruptControlWritten(int address)
    {
        // Intel: no interrupt is vectored right after an instruction that writes IE or IP. s51 holds
        // one back only after a byte write to IE, not after SETB/CLR/MOV EA or a write to IP.
        if (!s51Compatible || (address == Sfr.IE && !IsBitInstruction(code[pc]))) pollBlockedAt = instructionEnd;
        UpdateInterruptRequests();
    }

    /// <summary>JBC, MOV bit,C, CPL/CLR/SETB bit: the instructions that write an SFR one bit at a time.</summary>
    private static bool IsBitInstruction(int opcode) => opcode is 0x10 or 0x92 or 0xB2 or 0xC2 or 0xD2;

    private void ReturnFromInterrupt()
    {
        if (highPriorityInService) highPriorityInService = false;
        else lowPriorityInService = false;
        pollBlockedAt = instructionEnd;
    }

    private void PollInterrupts()
    {
        if (!interruptCheckNeeded || pollBlockedAt == cycles) return;
        // s51 stops at a self-jump before it polls; the manual's core takes the interrupt and stops in the vector.
        if (s51Compatible && stopReason == StopReason.SelfJump) return;
        int ie = sfr[Sfr.IE];
        int pending = interruptRequests & ie & 0x3F;
        if (!s51Compatible && latestRequestCycle >= cycles - 1) pending &= ~latestRequests;
        if (pending == 0 || highPriorityInService) return;
        int high = pending & sfr[Sfr.IP];
        if (s51Compatible && !lowPriorityInService && high != 0 && (pending & -pending) != (high & -high))
        {
            // s51 takes the first pending source in polling order that may interrupt the current
            // level, even when a high-priority one is pending too (Intel: high priority first).
            high = 0;
        }
        int source;
        if (high != 0)
        {
            source = System.Numerics.BitOperations.TrailingZeroCount(high);
            highPriorityInService = true;
        }
        else
        {
            if (lowPriorityInService) return;
            source = System.Numerics.BitOperations.TrailingZeroCount(pending);
            lowPriorityInService = true;
        }
        Vector(source);
    }

    private void Vector(int source)
    {
        // Hardware clears the edge-triggered external flags and the timer 0/1 overflow flags on vectoring;
        // serial and timer 2 flags stay for the handler to inspect. The timers are brought up to now
        // first, and their next overflow scheduled afterwards: one that comes while the flag is still
        // set is not an event, so without this the next flag would wait for the next timer access.
        AdvanceTimersTo(cycles);
        int tcon = sfr[Sfr.TCON];
        switch (source)
        {
            case SourceExternal0: if ((tcon & 0x01) != 0) tcon &= ~0x02; break;
            case SourceTimer0: tcon &= ~0x20; break;
            case SourceExternal1: if ((tcon & 0x04) != 0) tcon &= ~0x08; break;
            case SourceTimer1: tcon &= ~0x80; break;
        }
        sfr[Sfr.TCON] = (byte)tcon;
        UpdateInterruptRequests();
        RescheduleEvents();
        IsIdle = false;
        Push((byte)pc);
        Push((byte)(pc >> 8));
        pc = 0x03 + 8 * source;
        int entryCycles = InterruptEntryCycles;
        cycles += entryCycles;
        InterruptTaken?.Invoke(source, cycles - entryCycles);
        // Events during the LCALL are processed now; the next poll comes after the handler's first instruction.
        if (nextEventCycle < cycles) ProcessEventsThrough(cycles - 1);
    }
}
