using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Render.Tests.AudioNetworks;

public class AudioAttentionTests
{
    private static (float[] Smoothed, float[] Weights, float[] Codes) Run(AudioNetConfig c, int n, int seed,
        Func<int, int, int, float>? code = null)
    {
        var p = new float[c.AttentionParameterCount];
        AvatarInitializer.AudioAttention(c, p, seed);
        var rng = new Random(seed);
        int frames = c.AttentionFrames, d = c.OutputWidth;
        var codes = new float[n * frames * d];
        for (int s = 0; s < n; s++)
            for (int t = 0; t < frames; t++)
                for (int j = 0; j < d; j++)
                    codes[(s * frames + t) * d + j] = code?.Invoke(s, t, j) ?? (float)(rng.NextDouble() * 2 - 1);
        var smoothed = new float[n * d];
        var weights = new float[n * frames];
        AudioAttention.Forward(c, p, codes, smoothed, weights);
        return (smoothed, weights, codes);
    }

    [Fact]
    public void Weights_are_a_distribution_over_frames()
    {
        var c = AudioNetConfig.RadNerf;
        (_, float[] weights, _) = Run(c, 4, 3);
        for (int s = 0; s < 4; s++)
        {
            ReadOnlySpan<float> w = weights.AsSpan(s * 8, 8);
            Assert.Equal(1.0, w.ToArray().Sum(v => (double)v), 1e-6);
            Assert.All(w.ToArray(), v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Fact]
    public void Smoothed_code_is_the_weighted_sum_of_the_neighbours()
    {
        var c = AudioNetConfig.RadNerf;
        (float[] smoothed, float[] weights, float[] codes) = Run(c, 2, 9);
        for (int s = 0; s < 2; s++)
            for (int j = 0; j < 64; j++)
            {
                double expected = 0;
                for (int t = 0; t < 8; t++)
                    expected += weights[s * 8 + t] * codes[(s * 8 + t) * 64 + j];
                Assert.Equal(expected, smoothed[s * 64 + j], 1e-5);
            }
    }

    [Fact]
    public void Identical_neighbours_smooth_to_themselves_whatever_the_weights()
    {
        var c = AudioNetConfig.RadNerf;
        (float[] smoothed, _, _) = Run(c, 1, 4, (_, _, j) => MathF.Sin(j));
        for (int j = 0; j < 64; j++)
            Assert.Equal(MathF.Sin(j), smoothed[j], 1e-5);
    }

    [Fact]
    public void Weights_depend_on_the_codes()
    {
        var c = AudioNetConfig.RadNerf;
        (_, float[] a, _) = Run(c, 1, 4, (_, t, j) => t == 2 ? 3f : 0.1f * j);
        (_, float[] b, _) = Run(c, 1, 4, (_, t, j) => t == 6 ? 3f : 0.1f * j);
        Assert.NotEqual(a, b);
    }
}
