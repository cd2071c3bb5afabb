namespace EdgeAvatar.Host.Output;

/// <summary>
/// A destination for rendered frames: a file (mp4, y4m, png sequence), a display (fbdev, DRM/KMS) or a preview
/// stream (mjpeg). Frames are rgb24, row-major, top row first, no padding: exactly width × height × 3 bytes; the
/// buffer is only borrowed for the duration of the call (sinks copy what they keep).
/// Calls are sequential (one producer): WriteFrameAsync* → CompleteAsync → DisposeAsync. Dispose without Complete
/// discards file outputs (the target is left untouched) and releases displays.
/// </summary>
public interface IFrameSink : IAsyncDisposable
{
    /// <summary>Human-readable summary for logs, e.g. "y4m C444 → out.y4m".</summary>
    string Description { get; }

    /// <param name="rgb24">width × height × 3 bytes.</param>
    /// <param name="presentationTime">Media time of this frame (frame index / fps), from 0 at the first frame of the
    /// stream. Constant-rate sinks use it to keep A/V sync: gaps are filled by repeating the previous frame, frames at
    /// or before an already written slot are dropped.</param>
    ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct);

    /// <summary>Finalises the output (atomic rename for files, restoring the display mode for screens).</summary>
    Task CompleteAsync(CancellationToken ct);

    FrameSinkStats Stats { get; }
}
