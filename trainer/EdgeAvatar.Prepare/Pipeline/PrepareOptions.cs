using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Landmarks;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>Everything <see cref="PreparePipeline"/> needs; the CLI fills it from its options.</summary>
public sealed record PrepareOptions
{
    /// <summary>Shortest accepted clip (s): pose needs views from several head positions and the split needs a
    /// validation tail; 5 s = 125 frames at 25 fps.</summary>
    public const double DefaultMinDurationSeconds = 5.0;

    /// <summary>Longest tolerated run of frames without a face (12 = 0.48 s at 25 fps): shorter runs are interpolated
    /// and flagged invalid, a longer one means the person left or was hidden and fails the prepare.</summary>
    public const int DefaultMaxLostFrames = 12;

    public required string VideoPath { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>Side of the square output frames (px); even.</summary>
    public int Size { get; init; } = 512;
    public int Fps { get; init; } = 25;
    /// <summary>A picture or video of the empty scene (same camera), or null.</summary>
    public string? BackgroundPath { get; init; }
    /// <summary>A chroma-key colour "#rrggbb", or null. Exclusive with <see cref="BackgroundPath"/>.</summary>
    public string? ChromaColour { get; init; }
    /// <summary>Replace an existing output directory (atomically, only once the new one is complete).</summary>
    public bool Force { get; init; }
    public double MinDurationSeconds { get; init; } = DefaultMinDurationSeconds;
    public int MaxLostFrames { get; init; } = DefaultMaxLostFrames;
    /// <summary>Seconds of qa.mp4 (from the start).</summary>
    public double QaSeconds { get; init; } = 10;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public string ShapePredictorPath { get; init; } = ShapePredictorModel.DebianModelPath;
    public string CascadePath { get; init; } = HaarCascade.DebianFrontalFaceAlt2;
    /// <summary>Cache of the parsed shape predictor (null: $XDG_CACHE_HOME/edgeavatar).</summary>
    public string? ModelCacheDirectory { get; init; }
    public MediaTools Tools { get; init; } = MediaTools.Default;
}
