using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

public sealed class PresenceTrackerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Presence_wakes_an_idle_avatar_once()
    {
        var tracker = new PresenceTracker(Timeout);

        Assert.Equal(PresenceAction.Wake, tracker.OnPresence(true, S(1)));
        Assert.Equal(PresenceAction.None, tracker.OnPresence(true, S(2)));
        Assert.True(tracker.IsAwake);
    }

    [Fact]
    public void Absence_idles_only_after_the_timeout_measured_from_when_presence_ended()
    {
        var tracker = new PresenceTracker(Timeout);
        tracker.OnPresence(true, S(0));

        Assert.Equal(PresenceAction.None, tracker.OnPresence(false, S(10)));
        Assert.Equal(S(70), tracker.IdleDeadline);
        Assert.Equal(PresenceAction.None, tracker.OnTime(S(69.999)));
        Assert.Equal(PresenceAction.Idle, tracker.OnTime(S(70)));
        Assert.False(tracker.IsAwake);
        Assert.Equal(PresenceAction.None, tracker.OnTime(S(500)));
    }

    [Fact]
    public void Presence_returning_before_the_timeout_keeps_the_avatar_awake()
    {
        var tracker = new PresenceTracker(Timeout);
        tracker.OnPresence(true, S(0));
        tracker.OnPresence(false, S(10));

        Assert.Equal(PresenceAction.None, tracker.OnPresence(true, S(40)));
        Assert.Null(tracker.IdleDeadline);
        Assert.Equal(PresenceAction.None, tracker.OnTime(S(1000)));
        Assert.True(tracker.IsAwake);
    }

    [Fact]
    public void Absence_while_idle_does_nothing()
    {
        var tracker = new PresenceTracker(Timeout);

        Assert.Equal(PresenceAction.None, tracker.OnPresence(false, S(5)));
        Assert.Equal(PresenceAction.None, tracker.OnTime(S(1000)));
        Assert.Null(tracker.IdleDeadline);
    }

    [Fact]
    public void After_idling_presence_wakes_again()
    {
        var tracker = new PresenceTracker(Timeout);
        tracker.OnPresence(true, S(0));
        tracker.OnPresence(false, S(1));
        tracker.OnTime(S(100));

        Assert.Equal(PresenceAction.Wake, tracker.OnPresence(true, S(120)));
    }
}
