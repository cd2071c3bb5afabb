using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;

namespace EdgeAvatar.Render.Torso;

/// <summary>
/// A bias-free ReLU <see cref="MlpConfig"/> whose input is [per-point part (pointWidth), per-frame part
/// (InputWidth − pointWidth)]. The first layer's per-frame columns are applied once per frame
/// (<see cref="FrameTerm"/>) and added to every point of that frame, so a point only pays for its own columns —
/// for the torso that removes the pose encoding and latent (62 of 104 inputs at RAD-NeRF sizes) from the per-pixel
/// cost. Mathematically the same network as <see cref="FusedMlpReference"/> on the concatenated input (only the
/// float summation order differs). <see cref="FrameTerm"/> takes the flat [out][in] weights of <see cref="MlpConfig"/>;
/// <see cref="ForwardPoint"/> takes them as <see cref="Transpose"/> lays them out.
/// </summary>
public static class FrameSplitMlp
{
    /// <summary>Floats of the hidden-activation buffer <see cref="ForwardPoint"/> fills: HiddenLayers × HiddenWidth.</summary>
    public static int HiddenFloats(MlpConfig c) => c.HiddenLayers * c.HiddenWidth;

    /// <summary>term[o] = Σ_j W0[o, pointWidth + j] · frameInput[j], for o &lt; LayerOutputWidth(0).</summary>
    public static void FrameTerm(MlpConfig c, ReadOnlySpan<float> weights, int pointWidth,
        ReadOnlySpan<float> frameInput, Span<float> term)
    {
        int inW = c.InputWidth, frameWidth = inW - pointWidth;
        for (int o = 0; o < c.LayerOutputWidth(0); o++)
            term[o] = TensorPrimitives.Dot(weights.Slice(o * inW + pointWidth, frameWidth), frameInput[..frameWidth]);
    }

    /// <summary>
    /// Copies the flat [out][in] weights into the per-point layout <see cref="ForwardPoint"/> reads: each layer
    /// transposed to [in][out] (same per-layer offsets), so a point's layer is Σ_i x_i · row_i — whole-row SIMD
    /// multiply-adds, and inputs that are exactly 0 (ReLU) are skipped.
    /// </summary>
    public static void Transpose(MlpConfig c, ReadOnlySpan<float> weights, Span<float> transposed)
    {
        for (int k = 0; k < c.LayerCount; k++)
        {
            int inW = c.LayerInputWidth(k), outW = c.LayerOutputWidth(k), off = c.LayerWeightOffset(k);
            for (int o = 0; o < outW; o++)
                for (int i = 0; i < inW; i++)
                    transposed[off + i * outW + o] = weights[off + o * inW + i];
        }
    }

    /// <summary>
    /// One point. <paramref name="transposedWeights"/> comes from <see cref="Transpose"/>. <paramref name="hidden"/>
    /// receives every hidden layer's post-ReLU output, layer-major (HiddenLayers × HiddenWidth) — the trainer reads
    /// them back for the backward pass; <paramref name="y"/> gets the raw (pre-output-activation) OutputWidth values.
    /// </summary>
    public static void ForwardPoint(MlpConfig c, ReadOnlySpan<float> transposedWeights, int pointWidth,
        ReadOnlySpan<float> x, ReadOnlySpan<float> frameTerm, Span<float> hidden, Span<float> y)
    {
        int h = c.HiddenWidth;
        int out0 = c.LayerOutputWidth(0);
        Span<float> first = c.HiddenLayers == 0 ? y[..out0] : hidden[..h];
        frameTerm[..out0].CopyTo(first);
        AccumulateRows(transposedWeights, x[..pointWidth], first);
        if (c.HiddenLayers > 0)
            Relu(first);
        int offset = c.InputWidth * out0;
        for (int k = 1; k < c.LayerCount; k++)
        {
            bool last = k == c.HiddenLayers;
            int outW = c.LayerOutputWidth(k);
            ReadOnlySpan<float> a = hidden.Slice((k - 1) * h, h);
            Span<float> target = last ? y[..outW] : hidden.Slice(k * h, h);
            target.Clear();
            AccumulateRows(transposedWeights[offset..], a, target);
            if (!last)
                Relu(target);
            offset += h * outW;
        }
    }

    /// <summary>
    /// <see cref="ForwardPoint(MlpConfig, ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
    /// on <see cref="CpuMlpWeights"/> with <see cref="CpuMlp"/>'s register-blocked kernel: the same sums in the same
    /// order (the first layer starts from the frame term, inputs in order, zero inputs skipped, one multiply and
    /// one add per term), so the outputs are the same bit for bit. <paramref name="paddedFrameTerm"/> is the frame
    /// term padded to PaddedWidth(LayerOutputWidth(0)); <paramref name="a"/> and <paramref name="b"/> are scratch of
    /// <see cref="CpuMlpWeights.MaxPaddedWidth"/> floats; <paramref name="y"/> gets OutputWidth raw values.
    /// </summary>
    public static void ForwardPoint(CpuMlpWeights weights, int pointWidth, ReadOnlySpan<float> x,
        ReadOnlySpan<float> paddedFrameTerm, Span<float> a, Span<float> b, Span<float> y)
    {
        ArgumentNullException.ThrowIfNull(weights);
        MlpConfig c = weights.Config ?? throw new ArgumentException("weights are not loaded.", nameof(weights));
        CpuMlp.Layer(x[..pointWidth], weights.Layer(0), CpuMlpWeights.PaddedWidth(c.LayerOutputWidth(0)), a,
            c.HiddenLayers > 0, paddedFrameTerm);
        Span<float> current = a, target = b;
        for (int k = 1; k < c.LayerCount; k++)
        {
            CpuMlp.Layer(current[..c.HiddenWidth], weights.Layer(k), CpuMlpWeights.PaddedWidth(c.LayerOutputWidth(k)),
                target, k != c.HiddenLayers, []);
            Span<float> done = target;
            target = current;
            current = done;
        }
        current[..c.OutputWidth].CopyTo(y);
    }

    /// <summary>acc += Σ_i x_i · rows[i·W .. i·W + W), W = acc.Length, in input order (fixed float order).</summary>
    private static void AccumulateRows(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> acc)
    {
        int w = acc.Length, vec = Vector<float>.Count, full = w - w % vec;
        Span<Vector<float>> accV = MemoryMarshal.Cast<float, Vector<float>>(acc[..full]);
        for (int i = 0; i < x.Length; i++)
        {
            float xi = x[i];
            if (xi == 0f)
                continue;
            ReadOnlySpan<float> row = rows.Slice(i * w, w);
            ReadOnlySpan<Vector<float>> rowV = MemoryMarshal.Cast<float, Vector<float>>(row[..full]);
            var xv = new Vector<float>(xi);
            for (int k = 0; k < accV.Length; k++)
                accV[k] += rowV[k] * xv;
            for (int j = full; j < w; j++)
                acc[j] += row[j] * xi;
        }
    }

    private static void Relu(Span<float> v) => TensorPrimitives.Max(v, 0f, v);
}
