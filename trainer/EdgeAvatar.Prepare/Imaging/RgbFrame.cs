using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Imaging;

/// <summary>
/// A read-only view of one 8-bit RGB frame, rows top to bottom, pixels interleaved R,G,B (ffmpeg's rgb24 layout).
/// Invariant: <c>Pixels.Length == Width * Height * 3</c> and both sizes are positive; the constructor enforces it.
/// A struct over <see cref="ReadOnlyMemory{T}"/> so decoders can hand out slices of one buffer without copying.
/// </summary>
public readonly struct RgbFrame
{
    public RgbFrame(int width, int height, ReadOnlyMemory<byte> pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"RGB frame size must be positive, got {width}x{height}.");
        }
        if (pixels.Length != (long)width * height * 3)
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"RGB frame {width}x{height} needs {(long)width * height * 3} bytes, got {pixels.Length}.");
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public ReadOnlyMemory<byte> Pixels { get; }
}
