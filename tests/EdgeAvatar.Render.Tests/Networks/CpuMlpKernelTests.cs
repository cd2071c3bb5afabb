using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;

namespace EdgeAvatar.Render.Tests.Networks;

/// <summary>
/// The SIMD kernel of <see cref="CpuMlp"/> against a plain scalar C# statement of the same summation (bit for bit),
/// and the first-layer split (<see cref="FirstLayerSplit"/>) against <see cref="FusedMlpReference"/> on whole rows.
/// </summary>
public sealed class CpuMlpKernelTests
{
    public static TheoryData<int, int, int, int, MlpActivation> Configs => new()
    {
        // in, hidden, layers, out, output activation: output widths cover every register block (8, 4, 2, 1 vectors)
        { 73, 64, 1, 16, MlpActivation.None },
        { 56, 32, 1, 3, MlpActivation.None },
        { 9, 64, 2, 100, MlpActivation.ReLU },
        { 5, 7, 3, 1, MlpActivation.None },
        { 21, 17, 0, 9, MlpActivation.None },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Forward_equals_the_scalar_statement_bit_for_bit(int inW, int hidden, int layers, int outW, MlpActivation outAct)
    {
        var c = new MlpConfig { InputWidth = inW, HiddenWidth = hidden, HiddenLayers = layers, OutputWidth = outW, OutputActivation = outAct };
        const int m = 300;
        float[] w = CpuMlpTests.Random(c.ParameterCount, 7, 0.6f);
        float[] x = CpuMlpTests.Random(m * inW, 8, 1f);
        for (int i = 0; i < x.Length; i += 3) x[i] = 0f;   // zeros in the input, as ReLU leaves them
        var actual = new float[m * outW];
        var hiddenBuf = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.Forward(c, w, x, actual, hiddenBuf);

        var expected = new float[m * outW];
        var expectedHidden = new float[m * CpuMlp.HiddenFloats(c)];
        for (int i = 0; i < m; i++)
            ScalarPoint(c, w, x.AsSpan(i * inW, inW), expected.AsSpan(i * outW, outW),
                expectedHidden.AsSpan(i * CpuMlp.HiddenFloats(c), CpuMlp.HiddenFloats(c)));

        Assert.Equal(expected, actual);
        Assert.Equal(expectedHidden, hiddenBuf);
        Assert.Contains(expected, v => v != 0f);
    }

    [Fact]
    public void Split_first_layer_matches_the_reference_on_whole_rows()
    {
        // Columns [0, 20) per point; [20, 28) the same vector a times a per-point factor g; column 28 a constant.
        var c = new MlpConfig { InputWidth = 29, HiddenWidth = 64, HiddenLayers = 1, OutputWidth = 16 };
        const int m = 200;
        float[] w = CpuMlpTests.Random(c.ParameterCount, 9, 0.3f);
        float[] a = CpuMlpTests.Random(8, 10, 1f);
        float[] g = CpuMlpTests.Random(m, 11, 1f);
        const float eye = 0.7f;
        float[] x = CpuMlpTests.Random(m * c.InputWidth, 12, 1f);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < 8; j++) x[i * 29 + 20 + j] = g[i] * a[j];
            x[i * 29 + 28] = eye;
        }
        var expected = new float[m * c.OutputWidth];
        FusedMlpReference.Forward(c, w, x, expected);

        var weights = new CpuMlpWeights();
        weights.Load(c, w);
        var split = new FirstLayerSplit { PointWidth = 20 };
        split.SetScaled(weights, 20, a);
        split.SetConstant(weights, 28, [eye]);
        var actual = new float[m * c.OutputWidth];
        var hidden = new float[m * CpuMlp.HiddenFloats(c)];
        CpuMlp.ForwardChunk(weights, x, actual, hidden, split, g);

        CpuMlpTests.AssertClose(expected, actual);
        Assert.Contains(hidden, v => v == 0f);
    }

    [Fact]
    public void Split_rejects_a_missing_scale_per_point()
    {
        var c = new MlpConfig { InputWidth = 6, HiddenWidth = 8, HiddenLayers = 1, OutputWidth = 2 };
        var weights = new CpuMlpWeights();
        weights.Load(c, new float[c.ParameterCount]);
        var split = new FirstLayerSplit { PointWidth = 4 };
        split.SetScaled(weights, 4, [1f, 2f]);
        Assert.Throws<ArgumentException>(() => CpuMlp.ForwardChunk(weights, new float[12], new float[4], [], split, [1f]));
    }

    /// <summary>The statement the kernel implements: for each output, Σ over inputs in order, skipping zero inputs,
    /// one rounded multiply and one rounded add per term; ReLU as MathF.Max(v, 0).</summary>
    private static void ScalarPoint(MlpConfig c, float[] w, ReadOnlySpan<float> x, Span<float> y, Span<float> hidden)
    {
        float[] a = x.ToArray();
        for (int layer = 0; layer < c.LayerCount; layer++)
        {
            int inW = c.LayerInputWidth(layer), outW = c.LayerOutputWidth(layer), off = c.LayerWeightOffset(layer);
            bool last = layer == c.HiddenLayers;
            var next = new float[outW];
            for (int o = 0; o < outW; o++)
            {
                float acc = 0f;
                for (int k = 0; k < inW; k++)
                {
                    if (a[k] == 0f) continue;
                    float p = a[k] * w[off + o * inW + k];
                    acc += p;
                }
                if ((last ? c.OutputActivation : c.Activation) == MlpActivation.ReLU) acc = MathF.Max(acc, 0f);
                next[o] = acc;
            }
            if (last) next.CopyTo(y);
            else next.CopyTo(hidden.Slice(layer * c.HiddenWidth, outW));
            a = next;
        }
    }
}
