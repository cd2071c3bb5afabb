namespace EdgeAvatar.Media;

/// <summary>Settings for <see cref="VideoEncoder"/>. Width and height must be even (yuv420p halves chroma).</summary>
public sealed record VideoEncoderOptions
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public Rational Fps { get; init; } = Rational.FromInt(25);
    /// <summary>
    /// Optional audio file muxed alongside, starting at the first video frame (AAC 128 kb/s). With audio the output
    /// uses ffmpeg's -shortest: it ends with whichever of video and audio ends first (to within one audio packet,
    /// ~23 ms), so feed as many frames as the audio lasts (ceil(audio seconds × fps)) to keep all the speech.
    /// </summary>
    public string? AudioPath { get; init; }
    /// <summary>libx264 constant-rate factor (lower = better; 18 ≈ visually lossless). Ignored by the mpeg4 fallback.</summary>
    public int Crf { get; init; } = 18;
    public string Preset { get; init; } = "veryfast";
}
