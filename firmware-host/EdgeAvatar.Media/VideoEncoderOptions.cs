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
    /// <summary>
    /// Bit-exact rgb24 storage instead of lossy yuv420p: libx264rgb -qp 0 (FFV1 where libx264rgb is missing) in a
    /// Matroska container, whatever the file name says (MP4 cannot hold FFV1). Decoding it back as rgb24 returns the
    /// written bytes exactly. Crf is ignored; Preset applies to libx264rgb. Width/height may then be odd.
    /// </summary>
    public bool Lossless { get; init; }
}
