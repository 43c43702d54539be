namespace Calendar51.Emulator.Timing;

/// <summary>
/// Converts machine cycles of a classic 12-clock 8051 into virtual time. Every chip on a board
/// takes its notion of time from here, never from the host's wall clock, so runs are repeatable.
/// </summary>
public sealed class MachineClock
{
    /// <summary>Crystal periods per machine cycle on a classic 8051.</summary>
    public const int OscillatorClocksPerCycle = 12;

    /// <summary>A clock for a crystal of <paramref name="crystalHz"/> (e.g. 12 000 000 or 11 059 200).</summary>
    public MachineClock(long crystalHz)
    {
        if (crystalHz <= 0) throw new ArgumentOutOfRangeException(nameof(crystalHz), crystalHz, "crystal frequency must be positive");
        CrystalHz = crystalHz;
        // ns = cycle × 12e9 / crystal, with the fraction reduced so that the chips' per-edge timing
        // checks can use 64-bit arithmetic (Int128 division is slow) whenever it cannot overflow.
        long nanosecondsPerCycleNumerator = (long)OscillatorClocksPerCycle * 1_000_000_000;
        long divisor = (long)System.Numerics.BigInteger.GreatestCommonDivisor(nanosecondsPerCycleNumerator, crystalHz);
        _nsNumerator = nanosecondsPerCycleNumerator / divisor;
        _nsDenominator = crystalHz / divisor;
        _largestFastCycle = long.MaxValue / _nsNumerator;
        _largestFastNanoseconds = (long.MaxValue - _nsNumerator) / _nsDenominator;
        _wholeNanosecondsPerCycle = _nsNumerator / _nsDenominator;
    }

    private readonly long _nsNumerator, _nsDenominator, _largestFastCycle, _largestFastNanoseconds, _wholeNanosecondsPerCycle;

    /// <summary>The crystal frequency.</summary>
    public long CrystalHz { get; }

    /// <summary>Machine cycles per second, e.g. 1 000 000 at 12 MHz, 921 600 at 11.0592 MHz.</summary>
    public double CyclesPerSecond => (double)CrystalHz / OscillatorClocksPerCycle;

    /// <summary>Nanoseconds from reset to the start of <paramref name="cycle"/> (floor, exact integer arithmetic).</summary>
    public long ToNanoseconds(long cycle) =>
        cycle >= 0 && cycle <= _largestFastCycle
            ? (_nsDenominator == 1 ? cycle * _nsNumerator : cycle * _nsNumerator / _nsDenominator)
            : (long)((Int128)cycle * OscillatorClocksPerCycle * 1_000_000_000 / CrystalHz);

    /// <summary>
    /// The chips' per-edge timing checks ask this first: true when <paramref name="toCycle"/> starts
    /// certainly at least <paramref name="nanoseconds"/> after <paramref name="fromCycle"/> (as
    /// <see cref="ToNanoseconds"/> measures both), with one multiplication; false when the exact
    /// difference has to be computed. Floors only gain: ⌊to·k⌋ − ⌊from·k⌋ ≥ ⌊(to − from)·k⌋ ≥ (to − from)·⌊k⌋.
    /// </summary>
    public bool SurelyApart(long fromCycle, long toCycle, long nanoseconds)
    {
        long span = toCycle - fromCycle;
        return fromCycle >= 0 && span >= 0 && span <= _largestFastCycle && span * _wholeNanosecondsPerCycle >= nanoseconds;
    }

    /// <summary>Virtual time from reset to the start of <paramref name="cycle"/> (floor, 100 ns ticks).</summary>
    public TimeSpan ToTimeSpan(long cycle) =>
        TimeSpan.FromTicks((long)((Int128)cycle * OscillatorClocksPerCycle * TimeSpan.TicksPerSecond / CrystalHz));

    /// <summary>The first machine cycle that starts at or after <paramref name="nanoseconds"/>.</summary>
    public long CycleAtOrAfter(long nanoseconds) =>
        nanoseconds >= 0 && nanoseconds <= _largestFastNanoseconds
            ? (nanoseconds * _nsDenominator + _nsNumerator - 1) / _nsNumerator
            : (long)(((Int128)nanoseconds * CrystalHz + (Int128)OscillatorClocksPerCycle * 1_000_000_000 - 1)
               / ((Int128)OscillatorClocksPerCycle * 1_000_000_000));

    /// <summary>Machine cycles needed to cover <paramref name="span"/> (rounded up).</summary>
    public long CyclesIn(TimeSpan span) => CycleAtOrAfter(span.Ticks * 100);
}
