namespace EdgeAvatar.Host.Run;

/// <summary>What a run did: frames written, render speed, frame-time percentiles, audio latency added.</summary>
public sealed record RunResult(long Frames, double RenderFps, double FrameMsP50, double FrameMsP99,
    double AddedLatencyMs, double AudioSeconds, string Output, string Device);
