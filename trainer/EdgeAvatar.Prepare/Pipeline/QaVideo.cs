using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// qa.mp4: the first <see cref="FrameCount"/> frames as "frame | overlay" side by side (H.264, with the clip's
/// 16 kHz audio muxed) for a quick look at tracking, pose and labels in motion. Frames must arrive in order.
/// </summary>
public sealed class QaVideo : IDisposable
{
    private readonly VideoEncoder _encoder;
    private readonly byte[] _row;
    private readonly int _size;

    public QaVideo(string path, int frameSize, double fps, int frameCount, string audioPath, MediaTools tools)
    {
        _size = frameSize;
        FrameCount = frameCount;
        _row = new byte[2 * frameSize * frameSize * 3];
        _encoder = VideoEncoder.Create(path, new VideoEncoderOptions
        {
            Width = 2 * frameSize,
            Height = frameSize,
            Fps = new Rational((long)Math.Round(fps * 1000), 1000),
            AudioPath = audioPath,
            Crf = 23,
        }, tools);
    }

    public int FrameCount { get; }

    public bool Wants(int frame) => frame < FrameCount;

    public void Write(RgbImage frame, RgbImage overlay)
    {
        int rowBytes = _size * 3;
        for (int y = 0; y < _size; y++)
        {
            frame.Pixels.AsSpan(y * rowBytes, rowBytes).CopyTo(_row.AsSpan(y * 2 * rowBytes));
            overlay.Pixels.AsSpan(y * rowBytes, rowBytes).CopyTo(_row.AsSpan(y * 2 * rowBytes + rowBytes));
        }
        _encoder.WriteFrame(_row);
    }

    public void Complete() => _encoder.Complete();

    public void Dispose() => _encoder.Dispose();
}
