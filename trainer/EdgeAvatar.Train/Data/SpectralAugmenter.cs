using EdgeAvatar.Audio;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// Applies a <see cref="SpectralAugmentDraw"/> to normalised log-mel windows (frames × bands, as the training set
/// stores them), in the log-mel domain the extractor produced: undo the clip's normalisation, then
/// <list type="number">
/// <item>stretch the frequency axis: band b takes the value found at its centre frequency ÷ Warp, interpolated
/// linearly in band index between the two nearest bands (clamped at the ends), so a formant at f Hz moves to
/// Warp·f (vocal-tract length perturbation on the mel axis);</item>
/// <item>add GainDb + TiltDb·(b/(bands−1) − ½) dB (ln power rises by dB·ln10/10);</item>
/// <item>add a stationary noise floor at each band's clip mean − NoiseSnrDb: ln(e^x + e^floor);</item>
/// </list>
/// then normalise again. Invariant: the identity draw returns the window unchanged, bit for bit.
/// </summary>
public sealed class SpectralAugmenter
{
    private const double DbToLn = 0.23025850929940458; // ln(10) / 10: ln power per dB
    private readonly AudioFeatureConfig _features;
    private readonly AudioNormalization _normalization;
    private readonly double[] _centreHz;
    private readonly double[] _frame;

    public SpectralAugmenter(AudioFeatureConfig features, AudioNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(normalization);
        if (normalization.Bands != features.MelBands)
            throw new ArgumentException($"normalisation has {normalization.Bands} bands; the features have {features.MelBands}.", nameof(normalization));
        _features = features;
        _normalization = normalization;
        _centreHz = new double[features.MelBands];
        for (int b = 0; b < _centreHz.Length; b++) _centreHz[b] = MelFrequency.BandCentreHz(features, b);
        _frame = new double[features.MelBands];
    }

    public int Bands => _centreHz.Length;

    /// <summary>Augments whole normalised frames of <see cref="Bands"/> values in place.</summary>
    public void Apply(Span<float> frames, SpectralAugmentDraw draw)
    {
        int bands = Bands;
        if (frames.Length % bands != 0) throw new ArgumentException($"{frames.Length} values are not whole frames of {bands} bands.", nameof(frames));
        if (draw.IsIdentity) return;
        if (!(draw.Warp > 0)) throw new ArgumentOutOfRangeException(nameof(draw), "the warp factor must be positive.");
        var mean = _normalization.Mean;
        var std = _normalization.Std;
        bool noisy = !double.IsPositiveInfinity(draw.NoiseSnrDb);
        for (int f = 0; f < frames.Length / bands; f++)
        {
            var row = frames.Slice(f * bands, bands);
            for (int b = 0; b < bands; b++) _frame[b] = row[b] * (double)std[b] + mean[b];
            for (int b = 0; b < bands; b++)
            {
                double x = draw.Warp == 1 ? _frame[b] : Sample(_centreHz[b] / draw.Warp);
                double position = bands == 1 ? 0.5 : (double)b / (bands - 1);
                x += (draw.GainDb + draw.TiltDb * (position - 0.5)) * DbToLn;
                if (noisy)
                {
                    double floor = mean[b] - draw.NoiseSnrDb * DbToLn;
                    double hi = Math.Max(x, floor), lo = Math.Min(x, floor);
                    x = hi + Math.Log(1 + Math.Exp(lo - hi));
                }
                row[b] = (float)((x - mean[b]) / std[b]);
            }
        }
    }

    /// <summary>The unwarped frame's value at <paramref name="hz"/>, linear in fractional band index, clamped to the ends.</summary>
    private double Sample(double hz)
    {
        double u = Math.Clamp(MelFrequency.BandIndexAt(_features, hz), 0, Bands - 1);
        int i = Math.Min((int)u, Bands - 2);
        if (i < 0) return _frame[0];
        double t = u - i;
        return _frame[i] * (1 - t) + _frame[i + 1] * t;
    }
}
