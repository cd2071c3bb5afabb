using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;

namespace EdgeAvatar.Render.Tests.Networks;

/// <summary>
/// <see cref="CpuMlp.Forward"/> against its specification <see cref="FusedMlpReference.Forward"/>: same maths, only
/// the summation order differs, so outputs agree to float rounding (relative 1e-5 of the output scale).
/// </summary>
public sealed class CpuMlpTests
{
    public static TheoryData<int, int, int, int, MlpActivation> Configs => new()
    {
        // in, hidden, layers, out, output activation
        { 32, 64, 2, 4, MlpActivation.None },
        { 13, 24, 1, 3, MlpActivation.None },   // widths not multiples of 8
        { 5, 7, 3, 1, MlpActivation.ReLU },
        { 37, 33, 2, 16, MlpActivation.None },
        { 21, 17, 0, 9, MlpActivation.None },   // no hidden layer: a single linear map
        { 64, 64, 1, 2, MlpActivation.ReLU },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Forward_matches_the_reference_with_and_without_hidden_capture(int inW, int hidden, int layers, int outW,
        MlpActivation outAct)
    {
        var c = new MlpConfig { InputWidth = inW, HiddenWidth = hidden, HiddenLayers = layers, OutputWidth = outW, OutputActivation = outAct };
        // 700 points: several 256-point chunks plus a ragged last one.
        const int m = 700;
        float[] w = Random(c.ParameterCount, 1, 1f / MathF.Sqrt(Math.Max(inW, hidden)) * 1.7f);
        float[] x = Random(m * inW, 2, 1f);
        var expected = new float[m * outW];
        FusedMlpReference.Forward(c, w, x, expected);

        var plain = new float[m * outW];
        CpuMlp.Forward(c, w, x, plain, []);
        var captured = new float[m * outW];
        var hiddenBuf = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.Forward(c, w, x, captured, hiddenBuf);

        AssertClose(expected, plain);
        Assert.Equal(plain, captured);
        Assert.Contains(expected, v => v != 0f);
    }

    [Fact]
    public void Hidden_capture_holds_each_layers_post_relu_activation()
    {
        var c = new MlpConfig { InputWidth = 11, HiddenWidth = 9, HiddenLayers = 2, OutputWidth = 5 };
        const int m = 40;
        float[] w = Random(c.ParameterCount, 3, 0.5f);
        float[] x = Random(m * c.InputWidth, 4, 1f);
        var hidden = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.Forward(c, w, x, new float[m * c.OutputWidth], hidden);

        // Hidden layer k's activations are the outputs of the truncated network of the first k+1 layers with a
        // ReLU output, evaluated by the reference.
        for (int layer = 0; layer < c.HiddenLayers; layer++)
        {
            var sub = new MlpConfig
            {
                InputWidth = c.InputWidth, HiddenWidth = c.HiddenWidth, HiddenLayers = layer, OutputWidth = c.HiddenWidth,
                OutputActivation = MlpActivation.ReLU,
            };
            var expected = new float[m * c.HiddenWidth];
            FusedMlpReference.Forward(sub, w.AsSpan(0, sub.ParameterCount), x, expected);
            var actual = new float[m * c.HiddenWidth];
            for (int i = 0; i < m; i++)
                hidden.AsSpan(i * CpuMlp.HiddenFloats(c) + layer * c.HiddenWidth, c.HiddenWidth).CopyTo(actual.AsSpan(i * c.HiddenWidth));
            AssertClose(expected, actual);
            Assert.Contains(actual, v => v == 0f);   // ReLU really clipped something
            Assert.All(actual, v => Assert.True(v >= 0f));
        }
    }

    [Fact]
    public void Fp16_config_rounds_weights_like_the_reference()
    {
        var c = new MlpConfig { InputWidth = 19, HiddenWidth = 32, HiddenLayers = 1, OutputWidth = 3, WeightPrecision = MlpWeightPrecision.Fp16 };
        const int m = 300;
        float[] w = Random(c.ParameterCount, 5, 0.4f);
        float[] x = Random(m * c.InputWidth, 6, 1f);
        var expected = new float[m * c.OutputWidth];
        FusedMlpReference.Forward(c, w, x, expected);
        var actual = new float[m * c.OutputWidth];
        CpuMlp.Forward(c, w, x, actual, []);
        AssertClose(expected, actual);
    }

    [Fact]
    public void Forward_rejects_mismatched_buffers()
    {
        var c = new MlpConfig { InputWidth = 4, HiddenWidth = 8, HiddenLayers = 1, OutputWidth = 2 };
        float[] w = new float[c.ParameterCount];
        Assert.Throws<ArgumentException>(() => CpuMlp.Forward(c, w.AsSpan(1), new float[8], new float[4], []));
        Assert.Throws<ArgumentException>(() => CpuMlp.Forward(c, w, new float[8], new float[3], []));
        Assert.Throws<ArgumentException>(() => CpuMlp.Forward(c, w, new float[9], new float[4], []));
        Assert.Throws<ArgumentException>(() => CpuMlp.Forward(c, w, new float[8], new float[4], new float[7]));
    }

    /// <summary>|a − b| ≤ 1e-5 · max(|expected|) + 1e-30 element-wise (relative to the output scale).</summary>
    internal static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = expected.Max(MathF.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            float tol = 1e-5f * MathF.Max(scale, MathF.Abs(expected[i])) + 1e-30f;
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tol, $"[{i}] expected {expected[i]}, got {actual[i]} (tol {tol})");
        }
    }

    internal static float[] Random(int n, int seed, float scale)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }
}
