using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Timing;

/// <summary>
/// MachineClock converts with 64-bit arithmetic when it cannot overflow; the results must equal the
/// exact 128-bit formulas for every crystal, near the limits of the fast path and beyond them.
/// </summary>
public class MachineClockTests
{
    private static readonly long[] Crystals = [12_000_000, 11_059_200, 24_000_000, 22_118_400, 6_000_000, 33_333_333, 1, 12_000_000_000, 7];

    private static long ExactNanoseconds(long crystalHz, long cycle) => (long)((Int128)cycle * 12 * 1_000_000_000 / crystalHz);

    private static long ExactCycleAtOrAfter(long crystalHz, long nanoseconds) =>
        (long)(((Int128)nanoseconds * crystalHz + (Int128)12 * 1_000_000_000 - 1) / ((Int128)12 * 1_000_000_000));

    [TestCaseSource(nameof(Crystals))]
    public void ConversionsEqualTheExactFormulas(long crystalHz)
    {
        var clock = new MachineClock(crystalHz);
        var random = new Random((int)(crystalHz % int.MaxValue));
        var cycles = new List<long> { 0, 1, 2, 11, 12, 999, 1_000_000, 86_400_000_000, long.MaxValue / 12_000_000_000 };
        long cycleLimit = crystalHz > 1 ? long.MaxValue / 1000 : long.MaxValue / 12_000_000_000;
        for (int i = 0; i < 2000; i++) cycles.Add(random.NextInt64(0, cycleLimit));
        for (long k = -3; k <= 3; k++) cycles.Add(Math.Max(0, long.MaxValue / (12_000_000_000 / Gcd(12_000_000_000, crystalHz)) + k));
        foreach (long cycle in cycles)
        {
            if ((Int128)cycle * 12_000_000_000 / crystalHz > long.MaxValue) continue;
            Assert.That(clock.ToNanoseconds(cycle), Is.EqualTo(ExactNanoseconds(crystalHz, cycle)), $"ToNanoseconds({cycle}) at {crystalHz} Hz");
        }
        var nanoseconds = new List<long> { 0, 1, 83, 84, 999, 1000, 1001, 37_000, 1_520_000, 86_400_000_000_000 };
        for (int i = 0; i < 2000; i++) nanoseconds.Add(random.NextInt64(0, long.MaxValue / Math.Max(1, crystalHz / 12_000_000_000 + 1)));
        foreach (long ns in nanoseconds)
        {
            Int128 exact = ((Int128)ns * crystalHz + (Int128)12 * 1_000_000_000 - 1) / ((Int128)12 * 1_000_000_000);
            if (exact > long.MaxValue) continue;
            Assert.That(clock.CycleAtOrAfter(ns), Is.EqualTo(ExactCycleAtOrAfter(crystalHz, ns)), $"CycleAtOrAfter({ns}) at {crystalHz} Hz");
        }
    }

    /// <summary>
    /// The chips skip their exact per-edge timing arithmetic when SurelyApart says yes, so a yes must
    /// never hide a span shorter than the minimum; and it must say yes for the spans a firmware
    /// usually leaves (whole machine cycles against sub-cycle minimums), or nothing is saved.
    /// </summary>
    [TestCaseSource(nameof(Crystals))]
    public void SurelyApartNeverHidesAShortSpan(long crystalHz)
    {
        var clock = new MachineClock(crystalHz);
        var random = new Random((int)(crystalHz % int.MaxValue) + 1);
        long[] minimums = [0, 1, 10, 60, 250, 500, 999, 1000, 1001, 1085, 1086, 4000, 480_000, 1_520_000];
        for (int i = 0; i < 5000; i++)
        {
            long from = i % 7 == 0 ? long.MinValue : random.NextInt64(0, 1L << 40);
            long to = (from == long.MinValue ? 0 : from) + random.NextInt64(-3, 2000);
            long minimum = minimums[random.Next(minimums.Length)];
            if (!clock.SurelyApart(from, to, minimum)) continue;
            Assert.That(ExactNanoseconds(crystalHz, to) - ExactNanoseconds(crystalHz, from), Is.GreaterThanOrEqualTo(minimum),
                $"SurelyApart({from}, {to}, {minimum} ns) at {crystalHz} Hz");
        }
        if (crystalHz is >= 1_000_000 and <= 40_000_000)
            Assert.That(clock.SurelyApart(1_000_000, 1_000_001, 250), Is.True, "one machine cycle surely covers 250 ns at a usual crystal");
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
