namespace EdgeAvatar.Media;

/// <summary>
/// How <see cref="VideoFrameReader"/> decodes. Filter order is fixed: fps resampling, then crop (source pixels),
/// then scale — so a crop rectangle always refers to the source frame whatever the output size.
/// </summary>
public sealed record VideoReadOptions
{
    /// <summary>
    /// Output frame rate (ffmpeg fps filter: drops/duplicates frames to a constant rate, rounding timestamps to the
    /// nearest output frame). Null keeps the source's frames as they are.
    /// </summary>
    public Rational? Fps { get; init; }
    public CropRect? Crop { get; init; }
    /// <summary>Output size after crop (bicubic scaling); both or neither. Null keeps the (cropped) size.</summary>
    public int? OutputWidth { get; init; }
    public int? OutputHeight { get; init; }
    /// <summary>Stop after this many frames (ffmpeg's -frames:v); disables the truncation check.</summary>
    public int? MaxFrames { get; init; }
    /// <summary>
    /// Fail at the end if fewer frames came out than the probed duration promises (by more than 2 frames + 2 %):
    /// that is how a file cut short (partial download, disk full while copying) shows up, since ffmpeg itself only
    /// logs "partial file" and exits 0.
    /// </summary>
    public bool CheckComplete { get; init; } = true;
}
