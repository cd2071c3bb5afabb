using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>A playback clock the test moves by hand; DelayAsync advances it instead of sleeping.</summary>
internal sealed class FakePlaybackClock : IPlaybackClock
{
    public TimeSpan Now { get; set; }

    /// <summary>How much later than asked each wait ends (a loaded machine wakes threads late).</summary>
    public TimeSpan Oversleep { get; set; }

    public void Start() { }

    public ValueTask DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        if (delay > TimeSpan.Zero) Now += delay + Oversleep;
        return ValueTask.CompletedTask;
    }

    public void AdvanceMs(double ms) => Now += TimeSpan.FromMilliseconds(ms);
}

public class FramePacerTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void An_early_frame_is_presented_after_waiting_until_it_is_due()
    {
        var clock = new FakePlaybackClock { Now = Ms(10) };
        var pacer = new FramePacer(25, clock);
        PacingDecision d = pacer.Decide(Ms(40));
        Assert.Equal(PacingAction.Present, d.Action);
        Assert.Equal(Ms(30), d.Wait);
    }

    [Fact]
    public void A_frame_less_than_half_a_period_late_is_presented_at_once()
    {
        var clock = new FakePlaybackClock { Now = Ms(58) }; // 18 ms late at 25 fps (period 40 ms)
        var pacer = new FramePacer(25, clock);
        PacingDecision d = pacer.Decide(Ms(40));
        Assert.Equal((PacingAction.Present, TimeSpan.Zero), (d.Action, d.Wait));
        Assert.Equal(0, pacer.Dropped);
    }

    [Fact]
    public void A_frame_more_than_half_a_period_late_is_dropped_to_keep_lips_within_40_ms_of_the_sound()
    {
        var clock = new FakePlaybackClock { Now = Ms(62) }; // 22 ms late: shown, it would be 22 ms + write time behind
        var pacer = new FramePacer(25, clock);
        pacer.MarkPresented(Ms(0));
        Assert.Equal(PacingAction.Drop, pacer.Decide(Ms(40)).Action);
        Assert.Equal(1, pacer.Dropped);
    }

    [Theory]
    [InlineData(100, 0, false)]  // due at 140: 60 ms early even after 0 ms of rendering
    [InlineData(100, 50, false)] // ready at 150: 10 ms late, still shown
    [InlineData(100, 70, true)]  // ready at 170: 30 ms late, would be dropped: skip rendering it
    public void A_frame_that_would_be_late_once_rendered_is_skipped_before_rendering(double nowMs, double renderMs, bool skip)
    {
        var clock = new FakePlaybackClock { Now = Ms(nowMs) };
        var pacer = new FramePacer(25, clock);
        pacer.MarkPresented(Ms(0));
        Assert.Equal(skip, pacer.WillBeLate(Ms(140), Ms(renderMs)));
        Assert.Equal(skip ? 1 : 0, pacer.Dropped);
    }

    [Theory]
    [InlineData(100, 0, 60)]   // due at 140, shown up to 160: 60 ms to spare
    [InlineData(100, 50, 10)]  // rendering takes 50 of them
    [InlineData(100, 60, 0)]   // ready exactly at the last moment it is still shown
    [InlineData(130, 50, -20)] // already too late to wait at all
    public void Slack_is_the_wait_after_which_the_frame_is_still_shown_and_counts_nothing(double nowMs, double renderMs, double slackMs)
    {
        var clock = new FakePlaybackClock { Now = Ms(nowMs) };
        var pacer = new FramePacer(25, clock);
        pacer.MarkPresented(Ms(0));
        Assert.Equal(Ms(slackMs), pacer.Slack(Ms(140), Ms(renderMs)));
        Assert.Equal(0, pacer.Dropped);
        // The frame rendered after waiting the slack, then ready at its last showable moment: not dropped.
        if (slackMs >= 0)
        {
            clock.AdvanceMs(slackMs);
            Assert.False(pacer.WillBeLate(Ms(140), Ms(renderMs)));
            clock.AdvanceMs(1);
            Assert.True(pacer.WillBeLate(Ms(140), Ms(renderMs)));
        }
    }

    [Fact]
    public void A_frame_more_than_one_period_late_is_dropped_with_the_index_to_catch_up_to()
    {
        var clock = new FakePlaybackClock { Now = Ms(205) }; // frame 2 (80 ms) is 125 ms late
        var pacer = new FramePacer(25, clock);
        pacer.MarkPresented(Ms(0));
        PacingDecision d = pacer.Decide(Ms(80));
        Assert.Equal(PacingAction.Drop, d.Action);
        Assert.Equal(6, d.CatchUpFrame); // 205 ms → next frame not yet due is 6 (240 ms)
        Assert.Equal(1, pacer.Dropped);
    }

    [Fact]
    public void A_late_frame_is_shown_anyway_when_the_screen_would_otherwise_stay_frozen()
    {
        var clock = new FakePlaybackClock { Now = Ms(300) };
        var pacer = new FramePacer(25, clock);
        Assert.False(pacer.WillBeLate(Ms(0), Ms(500)));                 // nothing shown yet: render it even if late
        Assert.Equal(PacingAction.Present, pacer.Decide(Ms(0)).Action); // 300 ms late, but the first picture
        pacer.MarkPresented(Ms(0));
        clock.Now = Ms(900);
        Assert.Equal(PacingAction.Drop, pacer.Decide(Ms(40)).Action);   // late, and a picture is up since 300 ms
        clock.Now = Ms(1300);                                           // the picture has been up for 1 s
        Assert.Equal(PacingAction.Present, pacer.Decide(Ms(80)).Action);
        Assert.Equal(PacingAction.Drop, pacer.Decide(Ms(0)).Action);    // never an older frame
        Assert.Equal(2, pacer.PresentedLate);
    }

    [Fact]
    public void A_frame_not_newer_than_the_last_presented_is_dropped()
    {
        var clock = new FakePlaybackClock { Now = Ms(80) };
        var pacer = new FramePacer(25, clock);
        pacer.MarkPresented(Ms(80));
        Assert.Equal(PacingAction.Drop, pacer.Decide(Ms(80)).Action);
        Assert.Equal(PacingAction.Drop, pacer.Decide(Ms(40)).Action);
        Assert.Equal(2, pacer.Dropped);
    }

    [Fact]
    public void A_starved_output_duplicates_once_per_period_after_half_a_period_of_slack()
    {
        var clock = new FakePlaybackClock();
        var pacer = new FramePacer(25, clock);
        Assert.Equal(PacingAction.Wait, pacer.DecideIdle().Action); // nothing shown yet: nothing to repeat
        pacer.MarkPresented(TimeSpan.Zero);
        clock.AdvanceMs(50);                                        // slot 1 (40 ms) is 10 ms overdue: still waiting
        PacingDecision wait = pacer.DecideIdle();
        Assert.Equal((PacingAction.Wait, Ms(10)), (wait.Action, wait.Wait));
        clock.AdvanceMs(10);                                        // 60 ms = slot 1 + half a period
        Assert.Equal(PacingAction.Duplicate, pacer.DecideIdle().Action);
        Assert.Equal(PacingAction.Wait, pacer.DecideIdle().Action); // next duplicate due at 100 ms
        clock.AdvanceMs(40);
        Assert.Equal(PacingAction.Duplicate, pacer.DecideIdle().Action);
        Assert.Equal(2, pacer.Duplicated);
    }

    [Fact]
    public void Av_offset_is_the_playback_clock_minus_the_presentation_time_at_presenting()
    {
        var clock = new FakePlaybackClock();
        var pacer = new FramePacer(25, clock);
        clock.Now = Ms(45);
        pacer.MarkPresented(Ms(40));   // +5 ms (video late)
        clock.Now = Ms(70);
        pacer.MarkPresented(Ms(80));   // −10 ms (video early)
        AvSyncStats s = pacer.AvSync;
        Assert.Equal(2, s.Count);
        Assert.Equal(Ms(-10), s.Last);
        Assert.Equal(Ms(-2.5), s.Mean);
        Assert.Equal(Ms(10), s.MaxAbsolute);
    }

    [Fact]
    public async Task Paced_sink_waits_for_early_frames_and_skips_late_ones()
    {
        var clock = new FakePlaybackClock();
        var inner = new RecordingSink();
        await using var sink = new PacedFrameSink(inner, new FramePacer(25, clock), clock);
        byte[] f = new byte[2 * 2 * 3];
        await sink.WriteFrameAsync(f, 2, 2, Ms(40), default);  // early by 40 ms: waits
        Assert.Equal(Ms(40), clock.Now);
        clock.AdvanceMs(200);                                    // renderer stalls
        await sink.WriteFrameAsync(f, 2, 2, Ms(80), default);   // 160 ms late: dropped
        await sink.WriteFrameAsync(f, 2, 2, Ms(240), default);  // on time
        Assert.Equal([Ms(40), Ms(240)], inner.Times);
        Assert.Equal(1, sink.Stats.Dropped);
        Assert.Equal(TimeSpan.Zero, sink.Pacer.AvSync.MaxAbsolute);
    }

    [Theory]
    [InlineData(30, false)] // woke 30 ms late: more than half a period behind the sound, dropped
    [InlineData(10, true)]  // woke 10 ms late: within half a period, shown
    public async Task Paced_sink_drops_a_frame_whose_wait_overran_by_more_than_half_a_period(double oversleepMs, bool shown)
    {
        var clock = new FakePlaybackClock();
        var inner = new RecordingSink();
        await using var sink = new PacedFrameSink(inner, new FramePacer(25, clock), clock);
        byte[] f = new byte[2 * 2 * 3];
        await sink.WriteFrameAsync(f, 2, 2, Ms(0), default);    // on time: shown, so the screen is not starving
        clock.Oversleep = Ms(oversleepMs);
        await sink.WriteFrameAsync(f, 2, 2, Ms(40), default);   // early by 40 ms: waits, and the wait overruns
        Assert.Equal(Ms(40 + oversleepMs), clock.Now);
        Assert.Equal(shown ? [Ms(0), Ms(40)] : [Ms(0)], inner.Times);
        Assert.Equal(shown ? 0 : 1, sink.Stats.Dropped);
        Assert.Equal(shown ? Ms(oversleepMs) : TimeSpan.Zero, sink.Pacer.AvSync.MaxAbsolute);
    }

    private sealed class RecordingSink : IFrameSink
    {
        public List<TimeSpan> Times { get; } = [];
        public string Description => "recording";
        public FrameSinkStats Stats => new(Times.Count, 0, 0, 0);

        public ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
        {
            Times.Add(presentationTime);
            return ValueTask.CompletedTask;
        }

        public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
