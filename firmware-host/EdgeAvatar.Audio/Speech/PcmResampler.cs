namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// Band-limited sample-rate conversion of mono s16 (windowed-sinc interpolation, Blackman window, 32 taps per side
/// at the lower rate): the engine's 22 050 Hz speech to the 16 kHz the run path's features and feed use. Output
/// sample k is the input evaluated at k · from / to, so the time axis (and the phone timings) is unchanged; the
/// cut-off is 0.95 × the lower Nyquist frequency, so nothing above the new Nyquist folds back as aliasing.
/// </summary>
public static class PcmResampler
{
    private const int HalfTaps = 32;

    /// <summary>Number of output samples for <paramref name="inputSamples"/> at <paramref name="from"/> → <paramref name="to"/> Hz.</summary>
    public static int OutputLength(int inputSamples, int from, int to) => (int)((long)inputSamples * to / from);

    public static short[] Resample(ReadOnlySpan<short> input, int from, int to)
    {
        if (from <= 0) throw new ArgumentOutOfRangeException(nameof(from));
        if (to <= 0) throw new ArgumentOutOfRangeException(nameof(to));
        if (from == to) return input.ToArray();
        var output = new short[OutputLength(input.Length, from, to)];
        double ratio = (double)from / to;
        // Cut-off as a fraction of the input rate; the kernel is stretched when downsampling.
        double cutoff = 0.95 * 0.5 * Math.Min(1.0, (double)to / from);
        double scale = Math.Max(1.0, ratio);
        int half = (int)Math.Ceiling(HalfTaps * scale);
        for (int k = 0; k < output.Length; k++)
        {
            double centre = k * ratio;
            int first = (int)Math.Floor(centre) - half + 1, last = (int)Math.Floor(centre) + half;
            double sum = 0, weights = 0;
            for (int i = Math.Max(first, 0); i <= Math.Min(last, input.Length - 1); i++)
            {
                double x = i - centre;
                double w = Kernel(x, cutoff, half);
                sum += input[i] * w;
                weights += w;
            }
            // Normalised by the weights actually used, so a constant stays constant up to the edges.
            double v = weights > 1e-9 ? sum / weights : 0;
            output[k] = (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
        }
        return output;
    }

    private static double Kernel(double x, double cutoff, int half)
    {
        double sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
        double n = (x + half) / (2.0 * half);
        if (n is < 0 or > 1) return 0;
        double window = 0.42 - 0.5 * Math.Cos(2 * Math.PI * n) + 0.08 * Math.Cos(4 * Math.PI * n);
        return sinc * window;
    }
}
