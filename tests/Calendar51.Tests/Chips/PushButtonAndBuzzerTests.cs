using Calendar51.Emulator.Chips;
using Calendar51.Emulator.Timing;

namespace Calendar51.Tests.Chips;

public class PushButtonAndBuzzerTests
{
    private static readonly MachineClock TwelveMHz = new(12_000_000);

    private static List<(long Cycle, bool Closed)> Transitions(PushButton button, long from)
    {
        var list = new List<(long, bool)>();
        for (long? next = button.NextTransitionAfter(from - 1); next is long cycle; next = button.NextTransitionAfter(cycle))
            list.Add((cycle, button.IsClosedAt(cycle)));
        return list;
    }

    [Test]
    public void Without_bounce_the_contacts_follow_the_hand_exactly()
    {
        var button = new PushButton(TwelveMHz, "K1", new PushButtonOptions { Bounce = TimeSpan.Zero });
        button.Press(1_000);
        button.Release(5_000);
        Assert.Multiple(() =>
        {
            Assert.That(button.IsClosedAt(999), Is.False);
            Assert.That(button.IsClosedAt(1_000), Is.True);
            Assert.That(button.IsClosedAt(4_999), Is.True);
            Assert.That(button.IsClosedAt(5_000), Is.False);
            Assert.That(Transitions(button, 0), Is.EqualTo(new[] { (1_000L, true), (5_000L, false) }));
        });
    }

    [Test]
    public void Bounce_chatters_within_the_bounce_time_then_settles()
    {
        var button = new PushButton(TwelveMHz, "K2", new PushButtonOptions { Bounce = TimeSpan.FromMilliseconds(5), Seed = 7 });
        button.Press(10_000);
        var press = Transitions(button, 0);
        Assert.Multiple(() =>
        {
            Assert.That(press.Count, Is.GreaterThan(2), "chatter");
            Assert.That(press[0], Is.EqualTo((10_000L, true)), "first touch at the press");
            Assert.That(press[^1].Closed, Is.True, "settles closed");
            Assert.That(press[^1].Cycle, Is.LessThanOrEqualTo(15_000));
            Assert.That(press.Zip(press.Skip(1)).All(p => p.First.Closed != p.Second.Closed && p.Second.Cycle > p.First.Cycle));
            Assert.That(button.IsClosedAt(15_000), Is.True);
        });
        button.Release(50_000);
        var release = Transitions(button, 50_000);
        Assert.That(release[0], Is.EqualTo((50_000L, false)));
        Assert.That(release[^1].Closed, Is.False);
        Assert.That(button.IsClosedAt(55_000), Is.False);
    }

    [Test]
    public void Same_seed_gives_the_same_chatter_and_another_seed_a_different_one()
    {
        PushButton Make(int seed)
        {
            var b = new PushButton(TwelveMHz, "K3", new PushButtonOptions { Seed = seed });
            b.Press(0);
            return b;
        }
        Assert.That(Transitions(Make(3), 0), Is.EqualTo(Transitions(Make(3), 0)));
        Assert.That(Transitions(Make(3), 0), Is.Not.EqualTo(Transitions(Make(4), 0)));
    }

    [Test]
    public void Release_during_press_chatter_replaces_the_rest_of_it()
    {
        var button = new PushButton(TwelveMHz, "K4", new PushButtonOptions { Bounce = TimeSpan.FromMilliseconds(4) });
        button.Press(0);
        button.Release(1_000);
        Assert.That(button.IsPressed, Is.False);
        Assert.That(button.IsClosedAt(6_000), Is.False);
        Assert.That(Transitions(button, 0).Last().Closed, Is.False);
    }

    [Test]
    public void Buzzer_records_on_intervals_in_virtual_time_for_either_active_level()
    {
        var lowActive = new Buzzer(TwelveMHz, activeHigh: false);
        lowActive.SetLevel(true, 0);
        lowActive.SetLevel(false, 1_000);
        lowActive.SetLevel(true, 251_000);
        lowActive.SetLevel(false, 300_000);
        Assert.Multiple(() =>
        {
            Assert.That(lowActive.Intervals, Has.Count.EqualTo(1));
            Assert.That(lowActive.Intervals[0], Is.EqualTo(new BuzzerInterval(1_000, 251_000, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(251))));
            Assert.That(lowActive.Intervals[0].Duration, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(lowActive.IsOn, Is.True);
            Assert.That(lowActive.IntervalsUntil(400_000)[^1].Duration, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
        });
    }

    [Test]
    public void Passive_buzzer_tone_merges_into_one_burst()
    {
        var buzzer = new Buzzer(TwelveMHz, activeHigh: true);
        for (long t = 0; t < 100_000; t += 500) buzzer.SetLevel(t / 500 % 2 == 0, t); // 1 kHz for 100 ms
        buzzer.SetLevel(false, 100_000);
        var bursts = Buzzer.Merge(buzzer.Intervals, TimeSpan.FromMilliseconds(2));
        Assert.That(buzzer.Intervals, Has.Count.EqualTo(100));
        Assert.That(bursts, Has.Count.EqualTo(1));
        Assert.That(bursts[0].Start, Is.EqualTo(TimeSpan.Zero));
        Assert.That(bursts[0].End, Is.EqualTo(TimeSpan.FromMilliseconds(99.5)));
    }
}
