namespace EdgeAvatar.Audio;

/// <summary>
/// Radix-2 decimation-in-time FFT of a real frame, returning the power spectrum |X[k]|² for k = 0..N/2.
/// Twiddles and the bit-reversal permutation are computed once per size with <see cref="DeterministicMath"/>.
/// Scalar double arithmetic in a fixed order: identical results on every CPU (no SIMD width dependence).
/// Not thread-safe (one scratch buffer per instance); create one per extractor.
/// </summary>
internal sealed class RealFft
{
    private readonly int _n;
    private readonly int[] _bitReverse;
    private readonly double[] _cos; // cos(2πk/N), k < N/2
    private readonly double[] _sin; // sin(2πk/N)
    private readonly double[] _re;
    private readonly double[] _im;

    public RealFft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two ≥ 2.");
        _n = size;
        int bits = System.Numerics.BitOperations.Log2((uint)size);
        _bitReverse = new int[size];
        for (int i = 0; i < size; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        _cos = new double[size / 2];
        _sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            double angle = 2 * DeterministicMath.Pi * k / size;
            _cos[k] = DeterministicMath.Cos(angle);
            _sin[k] = DeterministicMath.Sin(angle);
        }
        _re = new double[size];
        _im = new double[size];
    }

    public int Size => _n;

    /// <summary>Bins in the power spectrum: N/2 + 1 (DC .. Nyquist).</summary>
    public int BinCount => _n / 2 + 1;

    /// <summary>
    /// Power spectrum of <paramref name="input"/> (length ≤ N, zero-padded to N) into <paramref name="power"/>
    /// (length ≥ N/2+1).
    /// </summary>
    public void PowerSpectrum(ReadOnlySpan<double> input, Span<double> power)
    {
        if (input.Length > _n) throw new ArgumentException("Input longer than the FFT size.", nameof(input));
        if (power.Length < BinCount) throw new ArgumentException("Power buffer too short.", nameof(power));
        double[] re = _re, im = _im;
        for (int i = 0; i < _n; i++)
        {
            int src = _bitReverse[i];
            re[i] = src < input.Length ? input[src] : 0.0;
            im[i] = 0.0;
        }
        for (int half = 1; half < _n; half <<= 1)
        {
            int step = _n / (2 * half);
            for (int start = 0; start < _n; start += 2 * half)
            {
                for (int j = 0; j < half; j++)
                {
                    // e^{-2πi jk/N}: (cos, -sin)
                    double wr = _cos[j * step], wi = -_sin[j * step];
                    int a = start + j, b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        for (int k = 0; k < BinCount; k++) power[k] = re[k] * re[k] + im[k] * im[k];
    }
}
