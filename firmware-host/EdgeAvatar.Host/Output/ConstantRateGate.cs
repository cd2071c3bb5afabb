namespace EdgeAvatar.Host.Output;

/// <summary>
/// Maps presentation times onto the slots of a constant-rate output (slot k at k / fps) so that a file stays in sync
/// with audio that starts at slot 0 whatever the renderer does: a frame whose slot is ahead of the next free slot is
/// written once for each slot missed (the missing slots repeat the *previous* frame, then this frame fills its own
/// slot); a frame whose slot was already written is dropped. Slot = round(time × fps), so jitter under half a
/// frame period does not matter.
/// </summary>
internal sealed class ConstantRateGate
{
    private readonly double _fps;
    private long _nextSlot;

    public ConstantRateGate(double fps)
    {
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be positive.");
        _fps = fps;
    }

    /// <summary>The slot the next written frame occupies (= frames written so far).</summary>
    public long NextSlot => _nextSlot;

    /// <summary>
    /// Decides for a frame at <paramref name="presentationTime"/>: how many gap slots to fill before it (with the
    /// previous frame, or with this frame when it is the first), and whether it is written at all (false = drop,
    /// fill is then 0). Advances the slot counter accordingly.
    /// </summary>
    public (long Fill, bool Write) Admit(TimeSpan presentationTime)
    {
        long slot = (long)Math.Round(presentationTime.TotalSeconds * _fps, MidpointRounding.AwayFromZero);
        if (slot < _nextSlot) return (0, false);
        long fill = slot - _nextSlot;
        _nextSlot = slot + 1;
        return (fill, true);
    }
}
