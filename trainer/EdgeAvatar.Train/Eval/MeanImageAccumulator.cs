namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Running per-sample sum of rgb24 frames of one size, for the per-pixel mean image. Sums are 64-bit per sample
/// (W×H×3 longs: 6 MB at 512²), exact for any realistic frame count (2^55 frames of 255). Not thread-safe.
/// </summary>
public sealed class MeanImageAccumulator
{
    private readonly long[] _sum;

    public MeanImageAccumulator(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Frame size {width}x{height} must be positive.");
        Width = width;
        Height = height;
        _sum = new long[checked(width * height * 3)];
    }

    public int Width { get; }
    public int Height { get; }
    public int Count { get; private set; }

    /// <summary>Adds one frame of exactly W×H×3 bytes.</summary>
    public void Add(ReadOnlySpan<byte> rgb24)
    {
        if (rgb24.Length != _sum.Length)
            throw new ArgumentException($"Frame must be {Width}x{Height} rgb24 ({_sum.Length} bytes), got {rgb24.Length}.", nameof(rgb24));
        for (int i = 0; i < _sum.Length; i++) _sum[i] += rgb24[i];
        Count++;
    }

    /// <summary>The mean image, each sample rounded half up: (sum + ⌊n/2⌋) / n in integers.</summary>
    public byte[] Mean()
    {
        if (Count == 0) throw new InvalidOperationException("No frames were added; the mean image is undefined.");
        var mean = new byte[_sum.Length];
        long half = Count / 2;
        for (int i = 0; i < mean.Length; i++) mean[i] = (byte)((_sum[i] + half) / Count);
        return mean;
    }
}
