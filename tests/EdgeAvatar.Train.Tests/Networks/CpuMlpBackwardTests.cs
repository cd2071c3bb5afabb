using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;
using EdgeAvatar.Train.Networks;
using EdgeAvatar.Train.Kernels.Networks;

namespace EdgeAvatar.Train.Tests.Networks;

/// <summary>
/// <see cref="CpuMlpBackward.Backward"/> (from the saved hidden activations of <see cref="CpuMlp.Forward"/>) against
/// its specification <see cref="FusedMlpBackwardReference.Backward"/> (which recomputes the forward): weight and
/// input gradients agree to float rounding, relative 1e-5 of each gradient's scale.
/// </summary>
public sealed class CpuMlpBackwardTests
{
    public static TheoryData<int, int, int, int, int> Configs => new()
    {
        // in, hidden, layers, out, points
        { 32, 64, 2, 4, 700 },
        { 13, 24, 1, 3, 257 },     // widths not multiples of 8, ragged chunk
        { 5, 7, 3, 1, 64 },
        { 37, 33, 2, 16, 9000 },   // more points than 32 chunks of 256: chunk size grows
        { 21, 17, 0, 9, 300 },     // no hidden layer
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Backward_matches_the_reference_for_weights_and_inputs(int inW, int hidden, int layers, int outW, int m)
    {
        var c = new MlpConfig { InputWidth = inW, HiddenWidth = hidden, HiddenLayers = layers, OutputWidth = outW };
        float[] w = Random(c.ParameterCount, 11, 1.7f / MathF.Sqrt(Math.Max(inW, hidden)));
        float[] x = Random(m * inW, 12, 1f);
        float[] g = Random(m * outW, 13, 1f);

        var refW = Random(c.ParameterCount, 14, 0.1f);   // both start from the same non-zero gradient: "added"
        var refIn = new float[m * inW];
        var gotW = (float[])refW.Clone();
        var gotIn = Random(m * inW, 15, 5f);            // garbage: must be overwritten
        FusedMlpBackwardReference.Backward(c, w, x, g, refW, refIn);

        var y = new float[m * outW];
        var h = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.Forward(c, w, x, y, h);
        CpuMlpBackward.Backward(c, w, x, h, g, gotW, gotIn);

        AssertClose(refW, gotW);
        AssertClose(refIn, gotIn);
        Assert.Contains(refIn, v => v != 0f);
    }

    [Fact]
    public void Backward_without_input_gradient_gives_the_same_weight_gradient()
    {
        var c = new MlpConfig { InputWidth = 19, HiddenWidth = 31, HiddenLayers = 2, OutputWidth = 5 };
        const int m = 500;
        float[] w = Random(c.ParameterCount, 21, 0.4f), x = Random(m * 19, 22, 1f), g = Random(m * 5, 23, 1f);
        var y = new float[m * 5];
        var h = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.Forward(c, w, x, y, h);
        var with = new float[c.ParameterCount];
        var without = new float[c.ParameterCount];
        CpuMlpBackward.Backward(c, w, x, h, g, with, new float[m * 19]);
        CpuMlpBackward.Backward(c, w, x, h, g, without, []);
        Assert.Equal(with, without);
    }

    [Fact]
    public void Backward_is_bit_reproducible()
    {
        var c = new MlpConfig { InputWidth = 40, HiddenWidth = 64, HiddenLayers = 2, OutputWidth = 16 };
        const int m = 5000;
        float[] w = Random(c.ParameterCount, 31, 0.3f), x = Random(m * 40, 32, 1f), g = Random(m * 16, 33, 1f);
        var h = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.Forward(c, w, x, new float[m * 16], h);
        var a = new float[c.ParameterCount];
        var b = new float[c.ParameterCount];
        CpuMlpBackward.Backward(c, w, x, h, g, a, []);
        CpuMlpBackward.Backward(c, w, x, h, g, b, []);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Fp16_config_differentiates_at_the_rounded_weights_like_the_reference()
    {
        var c = new MlpConfig { InputWidth = 19, HiddenWidth = 32, HiddenLayers = 1, OutputWidth = 3, WeightPrecision = MlpWeightPrecision.Fp16 };
        const int m = 300;
        float[] w = Random(c.ParameterCount, 41, 0.4f), x = Random(m * 19, 42, 1f), g = Random(m * 3, 43, 1f);
        var refW = new float[c.ParameterCount];
        var refIn = new float[m * 19];
        FusedMlpBackwardReference.Backward(c, w, x, g, refW, refIn);
        var h = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.Forward(c, w, x, new float[m * 3], h);
        var gotW = new float[c.ParameterCount];
        var gotIn = new float[m * 19];
        CpuMlpBackward.Backward(c, w, x, h, g, gotW, gotIn);
        AssertClose(refW, gotW);
        AssertClose(refIn, gotIn);
    }

    [Fact]
    public void Backward_refuses_a_relu_output_layer()
    {
        var c = new MlpConfig { InputWidth = 4, HiddenWidth = 8, HiddenLayers = 1, OutputWidth = 2, OutputActivation = MlpActivation.ReLU };
        Assert.Throws<NotSupportedException>(() => CpuMlpBackward.Backward(c, new float[c.ParameterCount], new float[4],
            new float[8], new float[2], new float[c.ParameterCount], []));
    }

    /// <summary>|a − b| ≤ 1e-5 · max|expected| element-wise (summation order differs, so not bit-equal).</summary>
    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float tol = 1e-5f * expected.Max(MathF.Abs) + 1e-30f;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tol, $"[{i}] expected {expected[i]}, got {actual[i]} (tol {tol})");
    }

    private static float[] Random(int n, int seed, float scale)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }
}
