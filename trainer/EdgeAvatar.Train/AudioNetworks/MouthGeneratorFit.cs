using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// Fits an avatar's audio→mouth generator (<see cref="MouthGenerator"/>) on the clip's own training frames, and
/// chooses its settings (front end, ridge penalty) by a k-fold held-out correlation over contiguous blocks of those
/// frames, never by the frames a fit saw. Amplitude: a least-squares read-out moves the mouth at about r × the real
/// spread (docs/shared lips.md), so the mouth never closes; each measure's prediction is scaled about its mean so that
/// its held-out (cross-validated) spread equals the recorded one (variance matching on held-out folds).
/// </summary>
public static class MouthGeneratorFit
{
    /// <summary>Amplitude gains are clamped here: a near-constant held-out prediction must not be blown up without bound.</summary>
    public const double MaxGain = 4.0;

    /// <summary>Held-out predictions (frames × K, only <paramref name="rows"/> filled) from <paramref name="folds"/> contiguous folds.</summary>
    public static float[] CrossValidate(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> y, int k, IReadOnlyList<int> rows,
        double lambda, int folds)
    {
        if (folds < 2 || folds > rows.Count) throw new ArgumentOutOfRangeException(nameof(folds), $"{folds} folds for {rows.Count} rows.");
        var predictions = new float[y.Length];
        for (int f = 0; f < folds; f++)
        {
            int lo = f * rows.Count / folds, hi = (f + 1) * rows.Count / folds;
            var test = new List<int>(hi - lo);
            var train = new List<int>(rows.Count - (hi - lo));
            for (int i = 0; i < rows.Count; i++) (i >= lo && i < hi ? test : train).Add(rows[i]);
            var w = RidgeRegression.Fit(x, d, y, k, train, lambda);
            RidgeRegression.Predict(x, d, w, k, test, predictions);
        }
        return predictions;
    }

    /// <summary>
    /// The generator for <paramref name="frontEnd"/> fitted on <paramref name="rows"/>; when <paramref name="matchAmplitude"/>,
    /// each measure is scaled about its training mean by std(recorded) ÷ std(held-out prediction) (clamped to
    /// 1..<see cref="MaxGain"/>), the held-out predictions coming from <paramref name="folds"/>-fold cross-validation.
    /// </summary>
    /// <param name="windowed">Frames × frontEnd.Width features (<see cref="PhoneFeatures.Windowed"/>).</param>
    public static MouthGenerator Fit(PhoneFeatureConfig frontEnd, ReadOnlySpan<float> windowed, ReadOnlySpan<float> targets, int k,
        IReadOnlyList<int> rows, double lambda, bool matchAmplitude, int folds = 5)
    {
        int d = frontEnd.Width;
        var w = RidgeRegression.Fit(windowed, d, targets, k, rows, lambda);
        if (matchAmplitude)
        {
            var cv = CrossValidate(windowed, d, targets, k, rows, lambda, folds);
            for (int m = 0; m < k; m++)
            {
                double sy = Std(targets, k, m, rows, out double meanY), sp = Std(cv, k, m, rows, out _);
                double gain = sp > 1e-9 ? Math.Clamp(sy / sp, 1.0, MaxGain) : 1.0;
                // Ridge with a free bias predicts the training mean on average: scale about it.
                for (int j = 0; j < d; j++) w[j * k + m] *= gain;
                w[d * k + m] = meanY + gain * (w[d * k + m] - meanY);
            }
        }
        return new MouthGenerator
        {
            FrontEnd = frontEnd,
            Measures = k,
            Weights = w.Select(v => (float)v).ToArray(),
        }.EnsureValid();
    }

    /// <summary>Pearson correlation of measure <paramref name="m"/> over <paramref name="rows"/>.</summary>
    public static double Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int k, int m, IReadOnlyList<int> rows)
    {
        double sa = Std(a, k, m, rows, out double ma), sb = Std(b, k, m, rows, out double mb);
        if (sa < 1e-12 || sb < 1e-12) return 0;
        double c = 0;
        foreach (int r in rows) c += (a[r * k + m] - ma) * (b[r * k + m] - mb);
        return c / rows.Count / (sa * sb);
    }

    /// <summary>p90 − p10 of measure <paramref name="m"/> over <paramref name="rows"/>: the spread the eval's amplitude ratio uses.</summary>
    public static double Spread(ReadOnlySpan<float> a, int k, int m, IReadOnlyList<int> rows)
    {
        var v = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++) v[i] = a[rows[i] * k + m];
        Array.Sort(v);
        return Quantile(v, 0.9) - Quantile(v, 0.1);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double Std(ReadOnlySpan<float> a, int k, int m, IReadOnlyList<int> rows, out double mean)
    {
        mean = 0;
        foreach (int r in rows) mean += a[r * k + m];
        mean /= rows.Count;
        double s = 0;
        foreach (int r in rows) s += Math.Pow(a[r * k + m] - mean, 2);
        return Math.Sqrt(s / rows.Count);
    }
}
