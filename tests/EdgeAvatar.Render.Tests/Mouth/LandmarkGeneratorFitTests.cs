using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Prepare.Numerics;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.AudioNetworks;

namespace EdgeAvatar.Render.Tests.Mouth;

/// <summary>
/// Fitting a landmark generator (phones → component scores → landmark rows) on synthetic data whose answer is known:
/// rows made from the features by a known linear map, or a known direction driven by signal plus noise.
/// </summary>
public sealed class LandmarkGeneratorFitTests
{
    // Three features (the front end's width with three classes, no context, no loudness); the fit reads them as numbers.
    private static readonly PhoneFeatureConfig ThreeFeatures = new() { Classes = ["P B M", "AA", "S Z"], Context = 0, Energy = false };

    // The known map: rows = 0.5 + x · A, x ∈ [−1, 1]³, so every row value stays in [0.2, 0.8].
    private static readonly double[,] A =
    {
        { 0.10, -0.05, 0.00, 0.02, 0.00, 0.08 },
        { 0.00, 0.07, -0.06, 0.00, 0.03, 0.00 },
        { -0.04, 0.00, 0.05, 0.09, -0.02, 0.01 },
    };

    private static (float[] X, float[] Rows) Known(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 3];
        var rows = new float[n * 6];
        for (int f = 0; f < n; f++)
        {
            for (int j = 0; j < 3; j++) x[f * 3 + j] = (float)(rng.NextDouble() * 2 - 1);
            for (int i = 0; i < 6; i++)
            {
                double v = 0.5;
                for (int j = 0; j < 3; j++) v += x[f * 3 + j] * A[j, i];
                rows[f * 6 + i] = (float)v;
            }
        }
        return (x, rows);
    }

    private static MouthGenerator FitLandmarks(PhoneFeatureConfig fe, float[] x, float[] rows, int width, bool matchAmplitude)
    {
        int[] frames = Enumerable.Range(0, rows.Length / width).ToArray();
        // Every component with variance is kept, so an exact map is rebuilt exactly (the default stops at 95 %).
        var components = LandmarkComponents.Fit(rows, width, frames, varianceShare: 1.0);
        return components.Attach(MouthGeneratorFit.Fit(fe, x, components.Scores(rows), components.Count, frames, 1e-9, matchAmplitude));
    }

    [Fact]
    public void Jacobi_finds_the_eigenpairs_of_a_matrix_worked_by_hand()
    {
        // [[2, 1], [1, 2]]: eigenvalue 3 along (1, 1)/√2, eigenvalue 1 along (1, −1)/√2.
        var (values, vectors) = SymmetricEigen.Decompose(new double[,] { { 2, 1 }, { 1, 2 } });
        int big = values[0] > values[1] ? 0 : 1, small = 1 - big;
        Assert.Equal(3, values[big], 12);
        Assert.Equal(1, values[small], 12);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(vectors[0, big]), 12);
        Assert.Equal(vectors[0, big], vectors[1, big], 12);
        Assert.Equal(vectors[0, small], -vectors[1, small], 12);
    }

    [Fact]
    public void The_fit_recovers_a_known_linear_map_from_phone_features_to_landmark_rows()
    {
        var (x, rows) = Known(400, seed: 3);
        var g = FitLandmarks(ThreeFeatures, x, rows, 6, matchAmplitude: true);
        Assert.Equal(MouthGenerator.LandmarkKind, g.Kind);
        Assert.Equal(3, g.Measures); // the map has rank 3: three components carry all of the rows' variance
        Assert.Equal(6, g.Outputs);
        // On inputs it never saw, the rows are the map's.
        var (xNew, expected) = Known(50, seed: 4);
        var predicted = g.Predict(xNew, 50);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], 4);
    }

    [Fact]
    public void Predicted_rows_are_clamped_to_the_unit_box()
    {
        var (x, rows) = Known(400, seed: 3);
        var g = FitLandmarks(ThreeFeatures, x, rows, 6, matchAmplitude: true);
        // x = (10, 0, 0): the map gives 0.5 + 10 · A[0, ·] = (1.5, 0, 0.5, 0.7, 0.5, 1.3).
        var row = g.Predict(new float[] { 10, 0, 0 }, 1);
        float[] expected = [1, 0, 0.5f, 0.7f, 0.5f, 1];
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], row[i], 4);
    }

    [Fact]
    public void Amplitude_matching_keeps_the_rows_spread_along_each_component_near_the_recorded_one()
    {
        // rows = 0.5 + 0.02 · (s + noise) · d for a unit direction d: the features see s only, so a least-squares
        // read-out moves the rows at r ≈ 0.71 of the recorded spread along d; matching must bring it back to ≈ 1.
        var rng = new Random(5);
        int n = 2000, width = 4;
        double[] d = [0.5, -0.5, 0.5, 0.5];
        var fe = new PhoneFeatureConfig { Classes = [], Context = 0, Energy = true };
        var x = new float[n * fe.Width];
        var rows = new float[n * width];
        var along = new float[n];
        for (int f = 0; f < n; f++)
        {
            double s = Gauss(rng), noise = Gauss(rng);
            x[f * fe.Width] = (float)s;
            along[f] = (float)(0.02 * (s + noise));
            for (int i = 0; i < width; i++) rows[f * width + i] = (float)(0.5 + along[f] * d[i]);
        }
        int[] frames = Enumerable.Range(0, n).ToArray();
        double recorded = MouthGeneratorFit.Spread(along, 1, 0, frames);
        double Along(MouthGenerator g)
        {
            var p = g.Predict(x, n);
            var a = new float[n];
            for (int f = 0; f < n; f++)
                for (int i = 0; i < width; i++) a[f] += (float)((p[f * width + i] - 0.5) * d[i]);
            return MouthGeneratorFit.Spread(a, 1, 0, frames);
        }
        Assert.InRange(Along(FitLandmarks(fe, x, rows, width, matchAmplitude: false)) / recorded, 0.6, 0.8);
        Assert.InRange(Along(FitLandmarks(fe, x, rows, width, matchAmplitude: true)) / recorded, 0.9, 1.1);
    }

    [Fact]
    public void The_inner_opening_weights_rebuild_the_opening_of_the_rows_the_scores_make()
    {
        // Rows of two points, dlib 62 then 66: the opening y62 − y66 is what selection correlates.
        var (x, rows6) = Known(300, seed: 7);
        var rows = new float[300 * 4];
        for (int f = 0; f < 300; f++)
            for (int i = 0; i < 4; i++) rows[f * 4 + i] = rows6[f * 6 + i];
        int[] frames = Enumerable.Range(0, 300).ToArray();
        var c = LandmarkComponents.Fit(rows, 4, frames, varianceShare: 1.0);
        var w = c.InnerOpening([62, 66])!;
        var z = c.Scores(rows);
        double meanOpening = frames.Average(f => rows[f * 4 + 1] - rows[f * 4 + 3]);
        foreach (int f in new[] { 0, 17, 299 })
        {
            double opening = 0;
            for (int k = 0; k < c.Count; k++) opening += w[k] * z[f * c.Count + k];
            Assert.Equal(rows[f * 4 + 1] - rows[f * 4 + 3] - meanOpening, opening, 4);
        }
        Assert.Null(c.InnerOpening([61, 66]));
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
