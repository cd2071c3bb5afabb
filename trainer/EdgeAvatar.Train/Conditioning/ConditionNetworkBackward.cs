using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Render.Conditioning;

namespace EdgeAvatar.Train.Conditioning;

/// <summary>
/// Backward of <see cref="ConditionNetwork.Forward"/> for one frame, from its saved post-ReLU hidden activations:
/// for layer k from last to first, dW_k += δ ⊗ in_k, db_k += δ, g = W_kᵀ δ; below a hidden layer δ = g ⊙ [a &gt; 0].
/// The input gradient is what flows on into the landmark grid's table.
/// </summary>
public static class ConditionNetworkBackward
{
    /// <param name="network">The network.</param>
    /// <param name="parameters">Its ParameterCount floats.</param>
    /// <param name="input">InputWidth floats, as given to the forward.</param>
    /// <param name="hidden">HiddenFloats floats saved by the forward.</param>
    /// <param name="filmGrad">dL/d(FiLM vector), OutputWidth floats.</param>
    /// <param name="parameterGrad">ParameterCount floats; <b>added</b>.</param>
    /// <param name="inputGrad">Empty, or InputWidth floats, <b>overwritten</b>.</param>
    public static void Backward(ConditionNetwork network, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input,
        ReadOnlySpan<float> hidden, ReadOnlySpan<float> filmGrad, Span<float> parameterGrad, Span<float> inputGrad)
    {
        ArgumentNullException.ThrowIfNull(network);
        ConditionNetworkConfig c = network.Config;
        if (parameters.Length != network.ParameterCount || parameterGrad.Length != network.ParameterCount)
            throw new ArgumentException($"parameters and parameterGrad need {network.ParameterCount} floats.", nameof(parameters));
        if (input.Length != c.InputWidth)
            throw new ArgumentException($"input has {input.Length} floats; expected {c.InputWidth}.", nameof(input));
        if (hidden.Length != network.HiddenFloats)
            throw new ArgumentException($"hidden has {hidden.Length} floats; expected {network.HiddenFloats}.", nameof(hidden));
        if (filmGrad.Length != c.OutputWidth)
            throw new ArgumentException($"filmGrad has {filmGrad.Length} floats; expected {c.OutputWidth}.", nameof(filmGrad));
        if (!inputGrad.IsEmpty && inputGrad.Length != c.InputWidth)
            throw new ArgumentException($"inputGrad has {inputGrad.Length} floats; expected 0 or {c.InputWidth}.", nameof(inputGrad));

        int width = Math.Max(c.InputWidth, Math.Max(c.HiddenWidth, c.OutputWidth));
        var delta = new float[width];
        var back = new float[width];
        filmGrad.CopyTo(delta);
        for (int k = c.HiddenLayers; k >= 0; k--)
        {
            DenseLayer layer = network.Layers[k];
            ReadOnlySpan<float> inK = k == 0 ? input : hidden.Slice((k - 1) * c.HiddenWidth, c.HiddenWidth);
            bool needBack = k > 0 || !inputGrad.IsEmpty;
            Span<float> b = back.AsSpan(0, layer.In);
            b.Clear();
            for (int o = 0; o < layer.Out; o++)
            {
                float d = delta[o];
                parameterGrad[layer.BiasOffset + o] += d;
                if (d == 0f)
                    continue;
                int row = layer.WeightOffset + o * layer.In;
                for (int i = 0; i < layer.In; i++)
                {
                    parameterGrad[row + i] += d * inK[i];
                    if (needBack)
                        b[i] += d * parameters[row + i];
                }
            }
            if (k == 0)
            {
                if (!inputGrad.IsEmpty)
                    b.CopyTo(inputGrad);
                break;
            }
            for (int j = 0; j < c.HiddenWidth; j++)
                delta[j] = inK[j] > 0f ? b[j] : 0f;
        }
    }
}
