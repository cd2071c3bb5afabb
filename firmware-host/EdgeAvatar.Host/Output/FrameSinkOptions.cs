using EdgeAvatar.Media;

namespace EdgeAvatar.Host.Output;

/// <summary>Settings shared by the sinks <see cref="FrameSinkFactory"/> builds; each sink reads only what applies.</summary>
public sealed record FrameSinkOptions
{
    /// <summary>Output frame rate; presentation times are mapped onto slots of 1/Fps (files) or paced at it.</summary>
    public Rational Fps { get; init; } = Rational.FromInt(25);
    /// <summary>mp4 only: audio file muxed from the first frame on (the input audio the frames were rendered from).</summary>
    public string? AudioPath { get; init; }
    public Y4mChroma Y4mChroma { get; init; } = Y4mChroma.C444;
    /// <summary>mjpeg preview JPEG quality 1..100.</summary>
    public int JpegQuality { get; init; } = 80;
    /// <summary>Where "y4m:-" writes; null = the process's standard output. Not disposed by the sink.</summary>
    public Stream? StandardOutput { get; init; }
    public MediaTools? MediaTools { get; init; }
}
