namespace EdgeAvatar.Host.Output;

/// <summary>
/// A <see cref="FramePacer"/> verdict. <see cref="Wait"/> ≥ 0 is how long (in playback-clock time) to wait before
/// acting; <see cref="CatchUpFrame"/> is, for drops, the first frame index still worth rendering.
/// </summary>
public readonly record struct PacingDecision(PacingAction Action, TimeSpan Wait, long CatchUpFrame = -1);
