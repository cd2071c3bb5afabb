using System.Numerics.Tensors;

namespace EdgeAvatar.Render.AudioNetworks;

/// <summary>
/// Forward math of the audio networks' layers, shared by rendering and by the trainer's backward pass (which
/// recomputes these activations). Activations are [channel][time]; parameters follow <see cref="Conv1dLayer"/> and
/// <see cref="DenseLayer"/>. LeakyReLU is applied in place after the affine part when requested.
/// </summary>
public static class AudioLayerMath
{
    /// <summary>
    /// out[o][t] = b[o] + Σ_i Σ_k W[o][i][k] · x[i][t·stride + k − 1] (zero outside [0, InLength)), then LeakyReLU
    /// with <paramref name="slope"/> when <paramref name="leaky"/>.
    /// </summary>
    public static void Conv1dForward(in Conv1dLayer layer, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input,
        Span<float> output, bool leaky, float slope)
    {
        int cin = layer.InChannels, lin = layer.InLength, lout = layer.OutLength, k3 = Conv1dLayer.KernelSize;
        ReadOnlySpan<float> w = parameters.Slice(layer.WeightOffset, layer.OutChannels * cin * k3);
        ReadOnlySpan<float> b = parameters.Slice(layer.BiasOffset, layer.OutChannels);
        for (int o = 0; o < layer.OutChannels; o++)
        {
            for (int t = 0; t < lout; t++)
            {
                float s = b[o];
                int start = t * layer.Stride - Conv1dLayer.Padding;
                for (int i = 0; i < cin; i++)
                {
                    int wb = (o * cin + i) * k3, xb = i * lin;
                    for (int k = 0; k < k3; k++)
                    {
                        int idx = start + k;
                        if ((uint)idx < (uint)lin)
                            s += w[wb + k] * input[xb + idx];
                    }
                }
                output[o * lout + t] = leaky ? Leaky(s, slope) : s;
            }
        }
    }

    /// <summary>y = W x + b, then LeakyReLU when <paramref name="leaky"/>.</summary>
    public static void DenseForward(in DenseLayer layer, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input,
        Span<float> output, bool leaky, float slope)
    {
        for (int o = 0; o < layer.Out; o++)
        {
            float s = TensorPrimitives.Dot(parameters.Slice(layer.WeightOffset + o * layer.In, layer.In), input[..layer.In])
                + parameters[layer.BiasOffset + o];
            output[o] = leaky ? Leaky(s, slope) : s;
        }
    }

    /// <summary>LeakyReLU: x for x &gt; 0, slope·x otherwise.</summary>
    public static float Leaky(float x, float slope) => x > 0f ? x : slope * x;

    /// <summary>
    /// LeakyReLU'(x) read off the output y = Leaky(x): with slope ≥ 0, y &gt; 0 exactly when x &gt; 0 (PyTorch takes
    /// the negative-side slope at x = 0, and so does this).
    /// </summary>
    public static float LeakyDerivativeFromOutput(float y, float slope) => y > 0f ? 1f : slope;

    /// <summary>Numerically stable in-place softmax (subtracts the max first).</summary>
    public static void Softmax(Span<float> values)
    {
        float max = TensorPrimitives.Max(values);
        float sum = 0f;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }
        TensorPrimitives.Divide(values, sum, values);
    }
}
