namespace EdgeAvatar.Host.Output;

/// <summary>
/// Paces live output (displays, preview) at a constant rate against a master <see cref="IPlaybackClock"/> — normally
/// the audio playback clock, so lips follow what is heard. Period P = 1 / fps; frame k has presentation time k·P.
/// <para>Policy (lateness L = clock.Now − frame presentation time):</para>
/// <list type="bullet">
/// <item><b>Present</b> when −∞ &lt; L ≤ P/2: an early frame (L &lt; 0) waits −L, then shows; a frame up to half a
/// period late shows at once (a single late frame is less visible than a skipped one). Half a period (20 ms at 25 fps)
/// keeps every shown frame within the ±40 ms A/V budget with room for the output's own write time.</item>
/// <item><b>Drop</b> when L &gt; P/2, or the frame is not newer than the last one presented: showing it would put the
/// lips visibly behind the sound; <see cref="PacingDecision.CatchUpFrame"/> is the first frame index not yet due
/// (⌈Now·fps⌉) for the renderer to skip to.</item>
/// <item>Except: a late (but newer) frame is <b>presented anyway</b> when nothing has been shown yet or for
/// <see cref="MaxBlank"/>: a renderer slower than real time (or a stalled machine) must not leave the screen frozen.
/// Those frames are counted in <see cref="PresentedLate"/>; their offsets are in the A/V statistics.</item>
/// <item><b>Duplicate</b> (from <see cref="DecideIdle"/>, when the loop has no new frame) once the slot after the last
/// shown one is overdue by half a period: the renderer is starved, so the last frame repeats to hold the rate;
/// each duplicate advances the slot by P. Before any frame was shown there is nothing to repeat (Wait).</item>
/// </list>
/// The A/V offset is measured at every <see cref="MarkPresented"/> (clock.Now − presentation time, see
/// <see cref="AvSyncStats"/>). Single-threaded: one output loop owns an instance.
/// </summary>
public sealed class FramePacer
{
    private readonly IPlaybackClock _clock;
    private TimeSpan? _lastPresented;  // presentation time of the last real frame shown
    private TimeSpan? _lastPresentedAt; // clock time when it was shown
    private TimeSpan _lastSlot;        // slot time last shown (real frame or duplicate)
    private long _syncCount;
    private double _syncSumTicks;
    private TimeSpan _syncLast, _syncMaxAbs;

    public FramePacer(double fps, IPlaybackClock clock)
    {
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be positive.");
        ArgumentNullException.ThrowIfNull(clock);
        Fps = fps;
        Period = TimeSpan.FromSeconds(1 / fps);
        _clock = clock;
    }

    public double Fps { get; }
    public TimeSpan Period { get; }
    /// <summary>Longest time without a new picture before a late frame is shown anyway.</summary>
    public static readonly TimeSpan MaxBlank = TimeSpan.FromSeconds(1);

    public long Presented { get; private set; }

    /// <summary>Frames shown although late, because nothing had been shown for <see cref="MaxBlank"/>.</summary>
    public long PresentedLate { get; private set; }
    public long Dropped { get; private set; }
    public long Duplicated { get; private set; }

    public AvSyncStats AvSync => _syncCount == 0 ? default
        : new AvSyncStats(_syncCount, _syncLast, TimeSpan.FromTicks((long)Math.Round(_syncSumTicks / _syncCount)), _syncMaxAbs);

    /// <summary>Decides for a rendered frame at <paramref name="presentationTime"/>; counts drops.</summary>
    public PacingDecision Decide(TimeSpan presentationTime)
    {
        TimeSpan now = _clock.Now;
        TimeSpan lateness = now - presentationTime;
        bool stale = _lastPresented is TimeSpan last && presentationTime <= last;
        if (lateness > Period / 2 && !stale && Starving(now))
        {
            PresentedLate++;
            return new PacingDecision(PacingAction.Present, TimeSpan.Zero);
        }
        if (lateness > Period / 2 || stale)
        {
            Dropped++;
            long catchUp = (long)Math.Ceiling(now.TotalSeconds * Fps - 1e-9);
            return new PacingDecision(PacingAction.Drop, TimeSpan.Zero, catchUp);
        }
        return new PacingDecision(PacingAction.Present, lateness < TimeSpan.Zero ? -lateness : TimeSpan.Zero);
    }

    /// <summary>
    /// For the render loop, before rendering the frame at <paramref name="presentationTime"/>: true (counted as a drop)
    /// when, ready only after <paramref name="renderTime"/>, it would be dropped by <see cref="Decide"/>. A renderer
    /// slower than the output rate thus renders the frames that will still be on time, instead of rendering every
    /// frame late and showing none.
    /// </summary>
    public bool WillBeLate(TimeSpan presentationTime, TimeSpan renderTime)
    {
        TimeSpan now = _clock.Now;
        TimeSpan lateness = now + renderTime - presentationTime;
        bool newer = _lastPresented is not TimeSpan last || presentationTime > last;
        if (newer && (lateness <= Period / 2 || Starving(now))) return false;
        Dropped++;
        return true;
    }

    /// <summary>
    /// How long the loop may still wait before rendering the frame at <paramref name="presentationTime"/>, taking
    /// <paramref name="renderTime"/>, and have it shown on time (lateness ≤ P/2); negative when it is already too late.
    /// Counts nothing.
    /// </summary>
    public TimeSpan Slack(TimeSpan presentationTime, TimeSpan renderTime) => presentationTime + (Period / 2) - (_clock.Now + renderTime);

    /// <summary>Nothing shown yet, or the last picture has been up for <see cref="MaxBlank"/>.</summary>
    private bool Starving(TimeSpan now) => _lastPresentedAt is not TimeSpan at || now - at >= MaxBlank;

    /// <summary>Records that the frame at <paramref name="presentationTime"/> is now on screen; measures the A/V offset.</summary>
    public void MarkPresented(TimeSpan presentationTime)
    {
        TimeSpan offset = _clock.Now - presentationTime;
        _syncCount++;
        _syncSumTicks += offset.Ticks;
        _syncLast = offset;
        if (offset.Duration() > _syncMaxAbs) _syncMaxAbs = offset.Duration();
        _lastPresented = presentationTime;
        _lastPresentedAt = _clock.Now;
        _lastSlot = presentationTime;
        Presented++;
    }

    /// <summary>
    /// For the output loop while no new frame is ready: Duplicate (show the last frame again; counted, slot
    /// advanced) or Wait (how long until a duplicate would be due).
    /// </summary>
    public PacingDecision DecideIdle()
    {
        if (_lastPresented is null) return new PacingDecision(PacingAction.Wait, Period);
        TimeSpan due = _lastSlot + Period + Period / 2;
        TimeSpan now = _clock.Now;
        if (now < due) return new PacingDecision(PacingAction.Wait, due - now);
        Duplicated++;
        _lastSlot += Period;
        return new PacingDecision(PacingAction.Duplicate, TimeSpan.Zero);
    }
}
