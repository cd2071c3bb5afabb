namespace EdgeAvatar.Host.Output;

/// <summary>
/// A/V offset measured at each presentation: offset = playback clock at the moment of presenting − the frame's
/// presentation time. Positive = video behind the audio (lips late), negative = ahead. All in playback-clock time.
/// Invariant: Count = 0 ⇒ all other fields are zero.
/// </summary>
public readonly record struct AvSyncStats(long Count, TimeSpan Last, TimeSpan Mean, TimeSpan MaxAbsolute);
