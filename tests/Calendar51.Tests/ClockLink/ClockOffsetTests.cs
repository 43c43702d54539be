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
