using EdgeAvatar.Media;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// "real | rendered" MP4 through <see cref="VideoEncoder"/> (atomic: nothing at the target until
/// <see cref="Complete"/> succeeds). Canvas: 2W×H rounded up to even sides (yuv420p), padding black. Optional audio
/// is muxed from the start of the first frame. Not thread-safe.
/// </summary>
internal sealed class SideBySideVideo : IDisposable
{
    private readonly VideoEncoder _encoder;
    private readonly byte[] _canvas;
    private readonly int _width, _height, _canvasWidth;

    public SideBySideVideo(string path, int width, int height, double fps, string? audioPath, MediaTools? tools)
    {
        _width = width;
        _height = height;
        _canvasWidth = 2 * width;
        int canvasHeight = height + (height & 1);
        _canvas = new byte[_canvasWidth * canvasHeight * 3];
        _encoder = VideoEncoder.Create(path, new VideoEncoderOptions
        {
            Width = _canvasWidth,
            Height = canvasHeight,
            Fps = new Rational((long)Math.Round(fps * 1000), 1000),
            AudioPath = audioPath,
        }, tools);
    }

    public void Write(ReadOnlySpan<byte> real, ReadOnlySpan<byte> rendered)
    {
        int rowBytes = _width * 3, canvasRow = _canvasWidth * 3;
        for (int y = 0; y < _height; y++)
        {
            real.Slice(y * rowBytes, rowBytes).CopyTo(_canvas.AsSpan(y * canvasRow));
            rendered.Slice(y * rowBytes, rowBytes).CopyTo(_canvas.AsSpan(y * canvasRow + rowBytes));
        }
        _encoder.WriteFrame(_canvas);
    }

    public void Complete() => _encoder.Complete();

    public void Dispose() => _encoder.Dispose();
}
