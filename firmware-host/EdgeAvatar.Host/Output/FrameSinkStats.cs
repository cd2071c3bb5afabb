namespace EdgeAvatar.Host.Output;

/// <summary>
/// Counters of one sink. Written counts frames that reached the output (duplicates included); Dropped counts input
/// frames not output (late or superseded); Duplicated counts extra copies output to fill gaps; Errors counts
/// non-fatal failures (a preview client that went away, a page flip that fell back to SetCrtc).
/// </summary>
public readonly record struct FrameSinkStats(long Written, long Dropped, long Duplicated, long Errors);
