using EdgeAvatar.Common;

namespace EdgeAvatar.Audio;

/// <summary>
/// Triangular mel filters over the power spectrum, built like librosa.filters.mel (htk per <see cref="MelScale"/>,
/// norm="slaney"), stored sparsely (each band's first bin and its non-zero weights).
/// Invariant: every band has at least one non-zero weight (an empty band would be a constant ln(eps) feature);
/// configs that would produce one are rejected.
/// </summary>
internal sealed class MelFilterBank
{
    private readonly int[] _firstBin;
    private readonly double[][] _weights;

    public MelFilterBank(AudioFeatureConfig config)
    {
        int bands = config.MelBands;
        int bins = config.FftSize / 2 + 1;
        double melMin = MelFrequency.HzToMel(config.FMin, config.MelScale);
        double melMax = MelFrequency.HzToMel(config.FMax, config.MelScale);
        var edges = new double[bands + 2];
        for (int i = 0; i < edges.Length; i++)
            edges[i] = MelFrequency.MelToHz(melMin + (melMax - melMin) * i / (bands + 1), config.MelScale);

        _firstBin = new int[bands];
        _weights = new double[bands][];
        var row = new double[bins];
        for (int b = 0; b < bands; b++)
        {
            double lo = edges[b], centre = edges[b + 1], hi = edges[b + 2];
            double norm = 2.0 / (hi - lo);
            int first = -1, last = -1;
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * config.SampleRate / config.FftSize;
                double w = Math.Max(0.0, Math.Min((f - lo) / (centre - lo), (hi - f) / (hi - centre)));
                row[k] = w * norm;
                if (row[k] > 0)
                {
                    if (first < 0) first = k;
                    last = k;
                }
            }
            if (first < 0)
                throw new EdgeAvatarException(ExitCodes.Config,
                    $"Audio feature config: mel band {b} ({lo:F1}–{hi:F1} Hz) contains no FFT bin; use fewer bands, " +
                    "a larger fftSize, a higher fMin or the slaney scale.");
            _firstBin[b] = first;
            _weights[b] = row.AsSpan(first, last - first + 1).ToArray();
        }
    }

    public int Bands => _weights.Length;

    /// <summary>Band centre frequencies are not needed at run time; this exposes a band's bin range for tests.</summary>
    public (int FirstBin, int BinCount) BandRange(int band) => (_firstBin[band], _weights[band].Length);

    /// <summary>mel[b] = Σ_k w[b,k]·power[k], summed in ascending k.</summary>
    public void Apply(ReadOnlySpan<double> power, Span<double> mel)
    {
        for (int b = 0; b < _weights.Length; b++)
        {
            double[] w = _weights[b];
            int first = _firstBin[b];
            double sum = 0;
            for (int j = 0; j < w.Length; j++) sum += w[j] * power[first + j];
            mel[b] = sum;
        }
    }
}
