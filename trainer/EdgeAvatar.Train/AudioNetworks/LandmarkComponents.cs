using EdgeAvatar.Prepare.Numerics;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// The principal components of an avatar's landmark rows over its training frames: the outputs a landmark generator
/// (<see cref="MouthGenerator.LandmarkKind"/>) predicts in place of the 74 raw coordinates.
/// <para>Why components rather than one ridge output per coordinate: the coordinates move together (the jaw outline
/// as one piece, the lips around the opening), so a few modes carry nearly all of the frame-to-frame motion and the
/// rest is detector jitter; predicting a few standardised scores keeps every predicted row a combination of shapes the
/// person made, and amplitude matching per component (<see cref="MouthGeneratorFit.Fit"/>) sets each mode's swing to
/// the recorded one, where matching 74 coordinates one by one would widen jitter and tear the shape apart. Modes the
/// phones cannot predict (the jaw's parallax as the head turns) stay near the mean, which is what a driven head with
/// its own motion track wants.</para>
/// Invariant: <see cref="Directions"/> are orthonormal, ordered by decreasing variance; <see cref="Std"/>[k] &gt; 0 is
/// the square root of component k's variance over the fitted frames.
/// </summary>
public sealed class LandmarkComponents
{
    /// <summary>Most components kept: enough for jaw, opening, width and protrusion modes with room to spare.</summary>
    public const int MaxComponents = 8;

    /// <summary>Components are kept until they explain this share of the rows' variance (at most <see cref="MaxComponents"/>).</summary>
    public const double VarianceShare = 0.95;

    private LandmarkComponents(double[] mean, double[][] directions, double[] std, double explained)
    {
        Mean = mean;
        Directions = directions;
        Std = std;
        Explained = explained;
    }

    /// <summary>P: floats per row.</summary>
    public int Width => Mean.Length;

    /// <summary>K: components kept.</summary>
    public int Count => Std.Length;

    public double[] Mean { get; }

    public double[][] Directions { get; }

    public double[] Std { get; }

    /// <summary>Share of the rows' variance the kept components explain.</summary>
    public double Explained { get; }

    /// <summary>The components of <paramref name="rows"/> (frames × <paramref name="width"/>) over <paramref name="frames"/>.</summary>
    public static LandmarkComponents Fit(ReadOnlySpan<float> rows, int width, IReadOnlyList<int> frames,
        int maxComponents = MaxComponents, double varianceShare = VarianceShare)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (frames.Count < 2) throw new ArgumentException($"{frames.Count} frames; components need at least 2.", nameof(frames));
        var mean = new double[width];
        foreach (int f in frames)
            for (int i = 0; i < width; i++) mean[i] += rows[f * width + i];
        for (int i = 0; i < width; i++) mean[i] /= frames.Count;
        var cov = new double[width, width];
        var d = new double[width];
        foreach (int f in frames)
        {
            for (int i = 0; i < width; i++) d[i] = rows[f * width + i] - mean[i];
            for (int i = 0; i < width; i++)
                for (int j = i; j < width; j++) cov[i, j] += d[i] * d[j];
        }
        for (int i = 0; i < width; i++)
            for (int j = i; j < width; j++) cov[j, i] = cov[i, j] /= frames.Count;
        var (values, vectors) = SymmetricEigen.Decompose(cov);
        double total = values.Where(v => v > 0).Sum();
        if (!(total > 1e-20)) throw new ArgumentException("the landmark rows do not move over these frames.", nameof(rows));
        var order = Enumerable.Range(0, width).OrderByDescending(k => values[k]).ToArray();
        var kept = new List<int>();
        double explained = 0;
        foreach (int k in order)
        {
            // A component with no variance cannot be standardised (and carries nothing).
            if (kept.Count == maxComponents || explained >= varianceShare || !(values[k] > 1e-12 * total)) break;
            kept.Add(k);
            explained += values[k] / total;
        }
        var directions = kept.Select(k => Enumerable.Range(0, width).Select(i => vectors[i, k]).ToArray()).ToArray();
        return new LandmarkComponents(mean, directions, kept.Select(k => Math.Sqrt(values[k])).ToArray(), explained);
    }

    /// <summary>Frames × K standardised scores of <paramref name="rows"/> (frames × Width): (row − mean) · direction_k ÷ std_k.</summary>
    public float[] Scores(ReadOnlySpan<float> rows)
    {
        if (rows.Length % Width != 0) throw new ArgumentException($"{rows.Length} floats are not rows of {Width}.", nameof(rows));
        int frames = rows.Length / Width, k = Count;
        var z = new float[frames * k];
        for (int f = 0; f < frames; f++)
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int i = 0; i < Width; i++) s += (rows[f * Width + i] - Mean[i]) * Directions[c][i];
                z[f * k + c] = (float)(s / Std[c]);
            }
        return z;
    }

    /// <summary>
    /// Weights over the K scores whose sum is the inner-lip opening (y of dlib point 62 minus y of 66) of the row the
    /// scores rebuild, less its mean: what eval's mouth_corr follows, and so what the generator is chosen by. Null when
    /// the row holds no points 62 and 66 (<paramref name="indices"/>: the row's dlib indices, one frame).
    /// </summary>
    public double[]? InnerOpening(IReadOnlyList<int> indices)
    {
        int top = IndexOf(indices, 62), bottom = IndexOf(indices, 66);
        if (top < 0 || bottom < 0 || 2 * indices.Count != Width) return null;
        return Enumerable.Range(0, Count)
            .Select(c => Std[c] * (Directions[c][2 * top + 1] - Directions[c][2 * bottom + 1])).ToArray();
    }

    /// <summary>A generator fitted to this object's <see cref="Scores"/> as a landmark generator that rebuilds rows.</summary>
    public MouthGenerator Attach(MouthGenerator scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Measures != Count)
            throw new ArgumentException($"the generator predicts {scores.Measures} values; there are {Count} components.", nameof(scores));
        var basis = new float[Count * Width];
        for (int c = 0; c < Count; c++)
            for (int i = 0; i < Width; i++) basis[c * Width + i] = (float)(Directions[c][i] * Std[c]);
        return (scores with
        {
            Kind = MouthGenerator.LandmarkKind,
            Mean = Mean.Select(v => (float)Math.Clamp(v, 0, 1)).ToArray(),
            Basis = basis,
        }).EnsureValid();
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return -1;
    }
}
