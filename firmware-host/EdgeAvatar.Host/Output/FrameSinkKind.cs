namespace EdgeAvatar.Host.Output;

/// <summary>The kinds of <see cref="IFrameSink"/>, one per spec prefix of <see cref="FrameSinkSpec.Parse"/>.</summary>
public enum FrameSinkKind
{
    Mp4,
    Y4m,
    Png,
    Fbdev,
    Drm,
    Mjpeg,
}
