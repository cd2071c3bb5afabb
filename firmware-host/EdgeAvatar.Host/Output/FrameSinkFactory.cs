using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Builds the <see cref="IFrameSink"/> for a parsed <c>--output</c>. Displays and the preview server are opened
/// here, so a missing device/library or a busy port fails before any rendering (EdgeAvatarException with a clear
/// message); file sinks open lazily at the first frame (they need its size).
/// </summary>
public static class FrameSinkFactory
{
    public static IFrameSink Create(string spec, FrameSinkOptions? options = null) => Create(FrameSinkSpec.Parse(spec), options);

    public static IFrameSink Create(FrameSinkSpec spec, FrameSinkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new FrameSinkOptions();
        if (!options.Fps.IsValid) throw new EdgeAvatarException(ExitCodes.Usage, $"Invalid output frame rate {options.Fps}.");
        if (options.AudioPath is not null && spec.Kind != FrameSinkKind.Mp4)
            throw new EdgeAvatarException(ExitCodes.Usage, $"Audio can only be muxed into an mp4 output, not {spec.Kind.ToString().ToLowerInvariant()}.");
        return spec.Kind switch
        {
            FrameSinkKind.Mp4 => new Mp4FrameSink(spec.Path, options.Fps, options.AudioPath, options.MediaTools),
            FrameSinkKind.Y4m => new Y4mFrameSink(spec.Path, options.Y4mChroma, options.Fps, options.StandardOutput),
            FrameSinkKind.Png => new PngFrameSink(spec.Path, options.Fps.ToDouble()),
            FrameSinkKind.Fbdev => FbdevFrameSink.Open(spec.Path),
            FrameSinkKind.Drm => DrmFrameSink.Open(spec),
            FrameSinkKind.Mjpeg => new MjpegFrameSink(spec.Port, options.JpegQuality),
            _ => throw new EdgeAvatarException(ExitCodes.Usage, $"Unsupported output kind {spec.Kind}."),
        };
    }
}
