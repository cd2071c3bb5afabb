using EdgeAvatar.Media;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// H.264 MP4 through <see cref="VideoEncoder"/> (atomic: temp sibling renamed on completion). With
/// <see cref="FrameSinkOptions.AudioPath"/> the input audio is muxed starting at slot 0, i.e. audio time t plays with
/// the frame whose presentation time is t: the <see cref="ConstantRateGate"/> guarantees slot k holds the frame
/// presented at k/fps (gaps repeat, late duplicates drop), so sync cannot drift however irregular the renderer is.
/// The muxed file ends at the shorter of video and audio (ffmpeg -shortest).
/// </summary>
internal sealed class Mp4FrameSink : ConstantRateSink
{
    private readonly string _path;
    private readonly Rational _fps;
    private readonly string? _audioPath;
    private readonly MediaTools? _tools;
    private VideoEncoder? _encoder;

    public Mp4FrameSink(string path, Rational fps, string? audioPath, MediaTools? tools) : base(fps.ToDouble())
    {
        _path = path;
        _fps = fps;
        _audioPath = audioPath;
        _tools = tools;
    }

    public override string Description => $"mp4 {_fps} fps{(_audioPath is null ? "" : $" + audio '{_audioPath}'")} → {_path}";

    protected override ValueTask StartAsync(CancellationToken ct)
    {
        if (Width % 2 != 0 || Height % 2 != 0)
            throw new Common.EdgeAvatarException(Common.ExitCodes.Usage, $"mp4 output needs an even frame size (yuv420p), got {Width}x{Height}.");
        _encoder = VideoEncoder.Create(_path, new VideoEncoderOptions { Width = Width, Height = Height, Fps = _fps, AudioPath = _audioPath }, _tools);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask WriteSlotAsync(ReadOnlyMemory<byte> rgb24, long slot, CancellationToken ct)
        => _encoder!.WriteFrameAsync(rgb24, ct);

    protected override Task FinishAsync(CancellationToken ct) => _encoder!.CompleteAsync(ct);

    public override ValueTask DisposeAsync() => _encoder?.DisposeAsync() ?? ValueTask.CompletedTask;
}
