using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Render.Tests.AudioNetworks;

public class AudioNetTests
{
    private static readonly AudioNetConfig Small = new()
    {
        MelBands = 5, WindowFrames = 4, ConvChannels = [3, 4], HiddenWidth = 6, OutputWidth = 7,
    };

    [Fact]
    public void Same_seed_gives_the_same_initialisation_and_another_seed_differs()
    {
        var c = AudioNetConfig.RadNerf;
        float[] a = new float[c.ParameterCount], b = new float[c.ParameterCount], d = new float[c.ParameterCount];
        AvatarInitializer.AudioNet(c, a, 7);
        AvatarInitializer.AudioNet(c, b, 7);
        AvatarInitializer.AudioNet(c, d, 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, d);
        float[] e = new float[c.AttentionParameterCount], f = new float[c.AttentionParameterCount];
        AvatarInitializer.AudioAttention(c, e, 3);
        AvatarInitializer.AudioAttention(c, f, 3);
        Assert.Equal(e, f);
    }

    [Fact]
    public void Initialisation_is_he_uniform_with_zero_biases()
    {
        var c = AudioNetConfig.RadNerf;
        var p = new float[c.ParameterCount];
        AvatarInitializer.AudioNet(c, p, 1);
        Conv1dLayer first = c.ConvLayers[0];
        // LeakyReLU(0.02) follows: bound √(6 / ((1 + 0.02²) · fan_in)), fan_in = 80 bands × kernel 3.
        float bound = MathF.Sqrt(6f / (1.0004f * 80 * 3));
        ReadOnlySpan<float> w = p.AsSpan(first.WeightOffset, 32 * 80 * 3);
        double sumSq = 0;
        foreach (float v in w)
        {
            Assert.InRange(v, -bound, bound);
            sumSq += v * v;
        }
        // U(−b, b) has standard deviation b/√3.
        double std = Math.Sqrt(sumSq / w.Length);
        Assert.InRange(std, 0.95 * bound / Math.Sqrt(3), 1.05 * bound / Math.Sqrt(3));
        Assert.All(p.AsSpan(first.BiasOffset, first.OutChannels).ToArray(), v => Assert.Equal(0f, v));
        DenseLayer last = c.DenseLayers[1];
        float linear = MathF.Sqrt(3f / last.In); // the code layer is linear
        Assert.All(p.AsSpan(last.WeightOffset, last.In * last.Out).ToArray(), v => Assert.InRange(v, -linear, linear));
    }

    [Fact]
    public void Initialised_codes_vary_across_windows_as_much_as_unit_variance_input()
    {
        // The head can only learn from audio that varies: with PyTorch's default init the six layers shrank the
        // code's spread across frames ~30x (std 0.02 on real speech); He init keeps it of order one.
        var c = AudioNetConfig.RadNerf;
        var p = new float[c.ParameterCount];
        AvatarInitializer.AudioNet(c, p, 3);
        const int n = 256;
        var rng = new Random(5);
        var windows = new float[n * c.WindowFloats];
        for (int i = 0; i < windows.Length; i++)
            windows[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var codes = new float[n * c.OutputWidth];
        AudioNet.Forward(c, p, windows, codes);
        double variance = 0;
        for (int d = 0; d < c.OutputWidth; d++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += codes[i * c.OutputWidth + d];
            mean /= n;
            for (int i = 0; i < n; i++) sq += Math.Pow(codes[i * c.OutputWidth + d] - mean, 2);
            variance += sq / n;
        }
        double std = Math.Sqrt(variance / c.OutputWidth);
        Assert.InRange(std, 0.25, 4.0);
    }

    [Fact]
    public void Forward_matches_an_independent_float64_evaluation_of_the_pytorch_module()
    {
        var c = Small;
        var p = new float[c.ParameterCount];
        AvatarInitializer.AudioNet(c, p, 11);
        var rng = new Random(5);
        int n = 3;
        float[] windows = Enumerable.Range(0, n * c.WindowFloats).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var codes = new float[n * c.OutputWidth];
        AudioNet.Forward(c, p, windows, codes);
        for (int s = 0; s < n; s++)
        {
            double[] expected = NaiveAudioNet(c, p, windows.AsSpan(s * c.WindowFloats, c.WindowFloats).ToArray());
            for (int o = 0; o < c.OutputWidth; o++)
                Assert.Equal(expected[o], codes[s * c.OutputWidth + o], 1e-5);
        }
    }

    /// <summary>
    /// Written from PyTorch's documented Conv1d/Linear semantics with explicit 4-D indexing, independent of the
    /// layer objects: x[band, frame], weights at the offsets the layout doc states.
    /// </summary>
    private static double[] NaiveAudioNet(AudioNetConfig c, float[] p, float[] window)
    {
        int channels = c.MelBands, length = c.WindowFrames, at = 0;
        var x = new double[channels, length];
        for (int f = 0; f < length; f++)
            for (int b = 0; b < channels; b++)
                x[b, f] = window[f * channels + b];
        foreach (int outC in c.ConvChannels)
        {
            int outL = (length + 2 - 3) / 2 + 1;
            var y = new double[outC, outL];
            int biasAt = at + outC * channels * 3;
            for (int o = 0; o < outC; o++)
                for (int t = 0; t < outL; t++)
                {
                    double s = p[biasAt + o];
                    for (int i = 0; i < channels; i++)
                        for (int k = 0; k < 3; k++)
                        {
                            int src = 2 * t - 1 + k;
                            if (src >= 0 && src < length)
                                s += p[at + (o * channels + i) * 3 + k] * x[i, src];
                        }
                    y[o, t] = s > 0 ? s : 0.02 * s;
                }
            at = biasAt + outC;
            x = y;
            channels = outC;
            length = outL;
        }
        double[] h = Linear(p, ref at, Enumerable.Range(0, channels).Select(i => x[i, 0]).ToArray(), c.HiddenWidth);
        for (int j = 0; j < h.Length; j++)
            h[j] = h[j] > 0 ? h[j] : 0.02 * h[j];
        return Linear(p, ref at, h, c.OutputWidth);
    }

    private static double[] Linear(float[] p, ref int at, double[] input, int outW)
    {
        var y = new double[outW];
        int biasAt = at + outW * input.Length;
        for (int o = 0; o < outW; o++)
        {
            double s = p[biasAt + o];
            for (int i = 0; i < input.Length; i++)
                s += p[at + o * input.Length + i] * input[i];
            y[o] = s;
        }
        at = biasAt + outW;
        return y;
    }
}
