namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// Search parameters, named and defaulted as OpenCV's CascadeClassifier.detectMultiScale has them
/// (scaleFactor 1.1, minNeighbors 3, no size limits).
/// </summary>
public sealed record HaarDetectorOptions
{
    /// <summary>Pyramid step between scales; must exceed 1.</summary>
    public double ScaleFactor { get; init; } = 1.1;

    /// <summary>A group of raw hits is reported only when it has more than this many members; 0 disables grouping.</summary>
    public int MinNeighbors { get; init; } = 3;

    /// <summary>Smallest face side in pixels considered (0: the cascade's window size).</summary>
    public int MinSize { get; init; }

    /// <summary>Largest face side in pixels considered (0: the image size).</summary>
    public int MaxSize { get; init; }
}
