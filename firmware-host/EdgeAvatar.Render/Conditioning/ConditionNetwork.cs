using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Render.Conditioning;

/// <summary>
/// Forward of the per-frame condition network (<see cref="ConditionNetworkConfig"/>, which documents the vector and
/// parameter layouts). It runs once per frame, not per sample, so a plain loop is fast enough; its output FiLM
/// vector is shared by every sample of the frame's conditioned MLP (<c>FilmMlpReference</c>).
/// </summary>
public sealed class ConditionNetwork
{
    private readonly DenseLayer[] _layers;

    public ConditionNetwork(ConditionNetworkConfig config)
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).EnsureValid();
        _layers = new DenseLayer[config.LayerCount];
        int offset = 0;
        for (int k = 0; k < config.LayerCount; k++)
        {
            int inW = k == 0 ? config.InputWidth : config.HiddenWidth;
            int outW = k == config.HiddenLayers ? config.OutputWidth : config.HiddenWidth;
            _layers[k] = new DenseLayer(inW, outW, offset);
            offset += _layers[k].ParameterCount;
        }
        ParameterCount = offset;
    }

    public ConditionNetworkConfig Config { get; }

    /// <summary>Linear layers in order; the last one produces the FiLM vector.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Weights and biases of all layers.</summary>
    public int ParameterCount { get; }

    /// <summary>Floats of the saved hidden activations: HiddenLayers × HiddenWidth (post-ReLU, layer-major).</summary>
    public int HiddenFloats => Config.HiddenLayers * Config.HiddenWidth;

    /// <summary>One frame.</summary>
    /// <param name="parameters"><see cref="ParameterCount"/> floats.</param>
    /// <param name="input">InputWidth floats: the frame's encoded landmarks.</param>
    /// <param name="film">OutputWidth floats, overwritten with the FiLM vector.</param>
    /// <param name="hidden">Empty, or <see cref="HiddenFloats"/> floats overwritten with the post-ReLU hidden
    /// activations (what the trainer's backward needs).</param>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> film, Span<float> hidden)
    {
        ConditionNetworkConfig c = Config;
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} floats; the network has {ParameterCount}.", nameof(parameters));
        if (input.Length != c.InputWidth)
            throw new ArgumentException($"input has {input.Length} floats; expected {c.InputWidth}.", nameof(input));
        if (film.Length != c.OutputWidth)
            throw new ArgumentException($"film has {film.Length} floats; expected {c.OutputWidth}.", nameof(film));
        if (!hidden.IsEmpty && hidden.Length != HiddenFloats)
            throw new ArgumentException($"hidden has {hidden.Length} floats; expected 0 or {HiddenFloats}.", nameof(hidden));

        Span<float> a = c.HiddenLayers == 0 ? [] : new float[c.HiddenWidth];
        Span<float> b = c.HiddenLayers == 0 ? [] : new float[c.HiddenWidth];
        ReadOnlySpan<float> x = input;
        for (int k = 0; k < c.HiddenLayers; k++)
        {
            Span<float> target = k % 2 == 0 ? a : b;
            AudioLayerMath.DenseForward(_layers[k], parameters, x, target, leaky: true, slope: 0f);
            if (!hidden.IsEmpty)
                target.CopyTo(hidden.Slice(k * c.HiddenWidth, c.HiddenWidth));
            x = target;
        }
        AudioLayerMath.DenseForward(_layers[c.HiddenLayers], parameters, x, film, leaky: false, slope: 0f);
    }
}
