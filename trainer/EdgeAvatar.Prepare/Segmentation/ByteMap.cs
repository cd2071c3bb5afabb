using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// A single-channel 8-bit map: a binary mask (0 / 255), an alpha matte (0..255) or a label map (small integers).
/// Invariant: <c>Data.Length == Width * Height</c>.
/// </summary>
public sealed class ByteMap
{
    public ByteMap(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"Bad map size {width}x{height}.");
        }
        Width = width;
        Height = height;
        Data = new byte[width * height];
    }

    public ByteMap(int width, int height, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (width <= 0 || height <= 0 || data.Length != (long)width * height)
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"Map {width}x{height} needs {(long)width * height} bytes, got {data.Length}.");
        }
        Width = width;
        Height = height;
        Data = data;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Data { get; }

    public byte this[int x, int y]
    {
        get => Data[y * Width + x];
        set => Data[y * Width + x] = value;
    }

    public ByteMap Clone() => new(Width, Height, (byte[])Data.Clone());

    /// <summary>Number of entries that are not zero.</summary>
    public int CountNonZero() => Data.Length - Count(0);

    /// <summary>Number of entries equal to <paramref name="value"/>.</summary>
    public int Count(byte value) => System.MemoryExtensions.Count(Data.AsSpan(), value);
}
