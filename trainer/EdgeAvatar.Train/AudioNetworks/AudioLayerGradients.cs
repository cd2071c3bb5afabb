using System.Numerics.Tensors;
using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// Backward of the layers in <see cref="AudioLayerMath"/>. Each call takes the layer's input and (post-activation)
/// output from the recomputed forward, and dL/d(output) — which it turns into dL/d(pre-activation) <b>in place</b>
/// (the caller's scratch). Parameter gradients are <b>added</b>; the input gradient is <b>overwritten</b> (skip it
/// by passing an empty span).
/// </summary>
public static class AudioLayerGradients
{
    /// <summary>Backward of <see cref="AudioLayerMath.Conv1dForward"/>.</summary>
    public static void Conv1dBackward(in Conv1dLayer layer, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input,
        ReadOnlySpan<float> output, Span<float> gradOutput, bool leaky, float slope, Span<float> gradParameters,
        Span<float> gradInput)
    {
        int cin = layer.InChannels, lin = layer.InLength, lout = layer.OutLength, k3 = Conv1dLayer.KernelSize;
        if (leaky)
            ApplyLeakyDerivative(output[..layer.OutputFloats], gradOutput[..layer.OutputFloats], slope);
        ReadOnlySpan<float> w = parameters.Slice(layer.WeightOffset, layer.OutChannels * cin * k3);
        Span<float> gw = gradParameters.Slice(layer.WeightOffset, layer.OutChannels * cin * k3);
        Span<float> gb = gradParameters.Slice(layer.BiasOffset, layer.OutChannels);
        bool wantInput = !gradInput.IsEmpty;
        if (wantInput)
            gradInput[..layer.InputFloats].Clear();
        for (int o = 0; o < layer.OutChannels; o++)
        {
            for (int t = 0; t < lout; t++)
            {
                float g = gradOutput[o * lout + t];
                if (g == 0f)
                    continue;
                gb[o] += g;
                int start = t * layer.Stride - Conv1dLayer.Padding;
                for (int i = 0; i < cin; i++)
                {
                    int wb = (o * cin + i) * k3, xb = i * lin;
                    for (int k = 0; k < k3; k++)
                    {
                        int idx = start + k;
                        if ((uint)idx >= (uint)lin)
                            continue;
                        gw[wb + k] += g * input[xb + idx];
                        if (wantInput)
                            gradInput[xb + idx] += w[wb + k] * g;
                    }
                }
            }
        }
    }

    /// <summary>Backward of <see cref="AudioLayerMath.DenseForward"/>.</summary>
    public static void DenseBackward(in DenseLayer layer, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input,
        ReadOnlySpan<float> output, Span<float> gradOutput, bool leaky, float slope, Span<float> gradParameters,
        Span<float> gradInput)
    {
        if (leaky)
            ApplyLeakyDerivative(output[..layer.Out], gradOutput[..layer.Out], slope);
        bool wantInput = !gradInput.IsEmpty;
        if (wantInput)
            gradInput[..layer.In].Clear();
        for (int o = 0; o < layer.Out; o++)
        {
            float g = gradOutput[o];
            gradParameters[layer.BiasOffset + o] += g;
            Span<float> row = gradParameters.Slice(layer.WeightOffset + o * layer.In, layer.In);
            TensorPrimitives.MultiplyAdd(input[..layer.In], g, row, row);
            if (wantInput)
                TensorPrimitives.MultiplyAdd(parameters.Slice(layer.WeightOffset + o * layer.In, layer.In), g,
                    gradInput[..layer.In], gradInput[..layer.In]);
        }
    }

    /// <summary>g ← g · LeakyReLU'(x), with the derivative read off the output y.</summary>
    public static void ApplyLeakyDerivative(ReadOnlySpan<float> output, Span<float> grad, float slope)
    {
        for (int j = 0; j < grad.Length; j++)
            grad[j] *= AudioLayerMath.LeakyDerivativeFromOutput(output[j], slope);
    }
}
