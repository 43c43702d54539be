using Calendar51.Host.ClockLink;

namespace Calendar51.Tests.ClockLink;

public class ClockOffsetTests
{
    private static readonly DateTime Start = new(2025, 3, 1, 12, 0, 0, 250);

    /// <summary>Samples every <paramref name="step"/> of a board whose clock is PC + <paramref name="offset"/>, truncated to seconds.</summary>
    private static List<TimeSample> Poll(TimeSpan offset, TimeSpan step, TimeSpan roundTrip, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var sent = Start + i * step;
            var read = sent + roundTrip / 2 + offset;
            var whole = new DateTime(read.Ticks - read.Ticks % TimeSpan.TicksPerSecond);
            return new TimeSample(sent, sent + roundTrip, whole);
        }).ToList();

    [TestCase(0.3)]
    [TestCase(-0.45)]
    [TestCase(2.9)]
    [TestCase(-86400.125)]
    public void OffsetComesFromTheSecondTurn(double seconds)
    {
        var offset = TimeSpan.FromSeconds(seconds);
        var measurement = ClockOffset.FromSecondTurn(Poll(offset, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(30), 40));
        Assert.That(measurement, Is.Not.Null);
        Assert.That(measurement!.Uncertainty, Is.EqualTo(TimeSpan.FromMilliseconds(20)));
        Assert.That((measurement.Offset - offset).Duration(), Is.LessThanOrEqualTo(measurement.Uncertainty));
    }

    [Test]
    public void NoTurnNoMeasurement() =>
        Assert.That(ClockOffset.FromSecondTurn(Poll(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5), 20)), Is.Null);

    [Test]
    public void DriftIsTheSlopeInPpm()
    {
        var measurements = Enumerable.Range(0, 10).Select(i => new OffsetMeasurement(
            Start.AddHours(i), TimeSpan.FromSeconds(0.1 + 20e-6 * 3600 * i + (i % 2 == 0 ? 0.01 : -0.01)), TimeSpan.FromMilliseconds(20))).ToList();
        Assert.That(ClockOffset.DriftPpm(measurements), Is.EqualTo(20).Within(0.5));
        Assert.That(ClockOffset.DriftPpm(measurements.Take(1).ToList()), Is.Null);
    }
}

/// <summary>Issue 9 §5: what `time --watch` and the clock commands print.</summary>
public class ClockReportTests
{
    [Test]
    public void DriftOverTwoSecondsCarriesItsHugeUncertainty()
    {
        var start = new DateTime(2031, 1, 1, 12, 0, 0);
        var ms30 = TimeSpan.FromMilliseconds(30);
        OffsetMeasurement[] two = [new(start, TimeSpan.Zero, ms30), new(start.AddSeconds(2), TimeSpan.FromMilliseconds(30), ms30)];
        Assert.That(Calendar51.Host.ClockLink.ClockOffset.DriftUncertaintyPpm(two), Is.EqualTo(30_000).Within(1e-6));
        OffsetMeasurement[] day = [new(start, TimeSpan.Zero, ms30), new(start.AddDays(1), TimeSpan.FromSeconds(1), ms30)];
        Assert.That(Calendar51.Host.ClockLink.ClockOffset.DriftUncertaintyPpm(day), Is.EqualTo(0.06 / 86400 * 1e6).Within(1e-9));
    }

    [TestCase(0.042, "+0.042 s")]
    [TestCase(-59.5, "-59.500 s")]
    [TestCase(61.25, "+1 min 01.250 s")]
    [TestCase(-3 * 3600 - 5 * 60 - 6.5, "-3 h 05 min 06.500 s")]
    [TestCase(2 * 86400 + 4 * 3600 + 5 * 60 + 6.25, "+2 d 04 h 05 min 06.250 s")]
    public void LargeOffsetsReadAsDaysHoursMinutes(double seconds, string expected) =>
        Assert.That(Calendar51.Host.Commands.ClockCommandSupport.FormatOffset(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [TestCase(null, 4800)]
    [TestCase("prechin-a2", 4800)]
    [TestCase("kst-51", 9600)]
    public void TheDefaultBaudIsThatOfTheBoard(string? board, int baud) =>
        Assert.That(Calendar51.Host.Commands.ClockCommandSupport.ResolveBaud(null, board), Is.EqualTo(baud));
}
