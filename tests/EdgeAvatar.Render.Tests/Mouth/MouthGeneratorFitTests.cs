using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Train.AudioNetworks;

namespace EdgeAvatar.Render.Tests.Mouth;

/// <summary>Fitting the generator on synthetic data whose answer is known.</summary>
public sealed class MouthGeneratorFitTests
{
    [Fact]
    public void Ridge_recovers_known_linear_weights_and_bias()
    {
        var rng = new Random(3);
        int n = 400, d = 3, k = 2;
        var x = new float[n * d];
        var y = new float[n * k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) x[i * d + j] = (float)(rng.NextDouble() * 2 - 1);
            y[i * k] = 2 * x[i * d] - 3 * x[i * d + 1] + 0.5f;
            y[i * k + 1] = x[i * d + 2] - 1f;
        }
        var w = RidgeRegression.Fit(x, d, y, k, Enumerable.Range(0, n).ToArray(), 1e-9);
        double[] expected = [2, 0, -3, 0, 0, 1, 0.5, -1];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], w[i], 3);
    }

    [Fact]
    public void Amplitude_matching_keeps_the_recorded_spread_where_least_squares_shrinks_it()
    {
        // y = signal + equal-variance noise: a least-squares read-out of the signal has r ≈ 0.71 and spread ≈ 0.71 × y's.
        var rng = new Random(5);
        int n = 2000;
        var fe = new PhoneFeatureConfig { Classes = [], Context = 0, Energy = true };
        var x = new float[n * fe.Width];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            double s = Gauss(rng), noise = Gauss(rng);
            x[i * fe.Width] = (float)s;
            y[i] = (float)(s + noise);
        }
        int[] rows = Enumerable.Range(0, n).ToArray();
        var plain = MouthGeneratorFit.Fit(fe, x, y, 1, rows, 1e-6, matchAmplitude: false).Predict(x, n);
        var matched = MouthGeneratorFit.Fit(fe, x, y, 1, rows, 1e-6, matchAmplitude: true).Predict(x, n);
        double spreadY = MouthGeneratorFit.Spread(y, 1, 0, rows);
        Assert.InRange(MouthGeneratorFit.Spread(plain, 1, 0, rows) / spreadY, 0.6, 0.8);
        Assert.InRange(MouthGeneratorFit.Spread(matched, 1, 0, rows) / spreadY, 0.9, 1.1);
        Assert.InRange(MouthGeneratorFit.Correlation(matched, y, 1, 0, rows), 0.65, 0.77);
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
