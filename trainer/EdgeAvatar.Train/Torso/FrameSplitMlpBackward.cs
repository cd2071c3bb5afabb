using System.Numerics.Tensors;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Torso;

/// <summary>
/// Backward of <see cref="FrameSplitMlp"/>. Per point (<see cref="BackwardPoint"/>): δ_last = dL/dy;
/// dW_k += δ_k ⊗ a_k; δ_{k−1} = (W_kᵀ δ_k) ⊙ [a_k &gt; 0]. The first layer's per-frame columns are not touched per
/// point: the point's δ_0 is summed into its frame's accumulator, and <see cref="ReduceFrames"/> turns those sums
/// S_f into dW0[:, frame columns] += S_f ⊗ v_f and dL/dv_f += W0[:, frame columns]ᵀ S_f — exact, because
/// v_f is the same for every point of frame f.
/// </summary>
public static class FrameSplitMlpBackward
{
    /// <summary>Scratch floats <see cref="BackwardPoint"/> needs: 2 × max(hidden, output) widths.</summary>
    public static int ScratchFloats(MlpConfig c) => 2 * Math.Max(c.HiddenWidth, c.OutputWidth);

    /// <summary>Backpropagates one point.</summary>
    /// <param name="c">The network.</param>
    /// <param name="weights">ParameterCount floats.</param>
    /// <param name="pointWidth">Per-point input columns of layer 0.</param>
    /// <param name="x">The point's input (pointWidth floats).</param>
    /// <param name="hidden">The hidden activations <see cref="FrameSplitMlp.ForwardPoint"/> left.</param>
    /// <param name="gradY">dL/d(raw output), OutputWidth floats.</param>
    /// <param name="gradWeights">ParameterCount floats; added to (frame columns of layer 0 excluded).</param>
    /// <param name="frameDelta">Layer-0 output width floats; δ_0 is added.</param>
    /// <param name="gradX">Empty, or pointWidth floats, overwritten with dL/dx.</param>
    /// <param name="scratch"><see cref="ScratchFloats"/> floats.</param>
    public static void BackwardPoint(MlpConfig c, ReadOnlySpan<float> weights, int pointWidth, ReadOnlySpan<float> x,
        ReadOnlySpan<float> hidden, ReadOnlySpan<float> gradY, Span<float> gradWeights, Span<float> frameDelta,
        Span<float> gradX, Span<float> scratch)
    {
        int h = c.HiddenWidth, width = Math.Max(h, c.OutputWidth);
        Span<float> delta = scratch[..width], back = scratch.Slice(width, width);
        gradY[..c.OutputWidth].CopyTo(delta);
        for (int k = c.LayerCount - 1; k >= 1; k--)
        {
            int outW = c.LayerOutputWidth(k), off = c.LayerWeightOffset(k);
            ReadOnlySpan<float> a = hidden.Slice((k - 1) * h, h);
            Span<float> b = back[..h];
            b.Clear();
            for (int o = 0; o < outW; o++)
            {
                float d = delta[o];
                if (d == 0f)
                    continue;
                Span<float> row = gradWeights.Slice(off + o * h, h);
                TensorPrimitives.MultiplyAdd(a, d, row, row);
                TensorPrimitives.MultiplyAdd(weights.Slice(off + o * h, h), d, b, b);
            }
            for (int j = 0; j < h; j++)
                delta[j] = a[j] > 0f ? b[j] : 0f;
        }

        int inW = c.InputWidth, out0 = c.LayerOutputWidth(0);
        x = x[..pointWidth];
        bool wantX = !gradX.IsEmpty;
        if (wantX)
            gradX[..pointWidth].Clear();
        for (int o = 0; o < out0; o++)
        {
            float d = delta[o];
            if (d == 0f)
                continue;
            frameDelta[o] += d;
            Span<float> row = gradWeights.Slice(o * inW, pointWidth);
            TensorPrimitives.MultiplyAdd(x, d, row, row);
            if (wantX)
                TensorPrimitives.MultiplyAdd(weights.Slice(o * inW, pointWidth), d, gradX[..pointWidth], gradX[..pointWidth]);
        }
    }

    /// <summary>Applies the per-frame sums of δ_0 (see the class summary).</summary>
    /// <param name="frameInputs">F × (InputWidth − pointWidth): the v_f the forward used.</param>
    /// <param name="frameDeltas">F × layer-0 width: S_f.</param>
    /// <param name="gradWeights">ParameterCount floats; layer 0's frame columns are added to.</param>
    /// <param name="gradFrameInputs">F × (InputWidth − pointWidth); dL/dv_f is added.</param>
    public static void ReduceFrames(MlpConfig c, ReadOnlySpan<float> weights, int pointWidth, int frames,
        ReadOnlySpan<float> frameInputs, ReadOnlySpan<float> frameDeltas, Span<float> gradWeights,
        Span<float> gradFrameInputs)
    {
        int inW = c.InputWidth, fw = inW - pointWidth, out0 = c.LayerOutputWidth(0);
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<float> v = frameInputs.Slice(f * fw, fw);
            Span<float> gv = gradFrameInputs.Slice(f * fw, fw);
            for (int o = 0; o < out0; o++)
            {
                float s = frameDeltas[f * out0 + o];
                if (s == 0f)
                    continue;
                Span<float> row = gradWeights.Slice(o * inW + pointWidth, fw);
                TensorPrimitives.MultiplyAdd(v, s, row, row);
                TensorPrimitives.MultiplyAdd(weights.Slice(o * inW + pointWidth, fw), s, gv, gv);
            }
        }
    }
}
