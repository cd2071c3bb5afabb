using System.Numerics;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Render.Networks;

/// <summary>
/// An <see cref="MlpConfig"/>'s weights in the layout <see cref="CpuMlp"/>'s kernel reads: each layer's [out][in]
/// matrix as [in][out] (a row of Wᵀ per input, so a layer is Σ_k x_k · row_k), every row zero-padded to a whole
/// number of Vector&lt;float&gt; lanes so the kernel never needs a scalar tail. Fp16 configs get their weights rounded
/// to <see cref="Half"/> here, as the reference (and the device packing) does. <see cref="Load"/> reuses the buffer,
/// so a renderer that reloads every frame allocates nothing after the first.
/// </summary>
public sealed class CpuMlpWeights
{
    private float[] _rows = [];
    private int[] _offsets = [];

    /// <summary>The config of the last <see cref="Load"/> (null before it).</summary>
    public MlpConfig? Config { get; private set; }

    /// <summary>Vector&lt;float&gt; lanes (the padding unit).</summary>
    public static int Lanes => Vector<float>.Count;

    /// <summary>Floats per point of the widest padded layer output (scratch size for the kernel).</summary>
    public int MaxPaddedWidth { get; private set; }

    /// <summary>Padded output width of a layer: LayerOutputWidth rounded up to <see cref="Lanes"/>.</summary>
    public static int PaddedWidth(int width) => (width + Lanes - 1) / Lanes * Lanes;

    /// <summary>Transposes and pads <paramref name="weights"/> (ParameterCount floats, flat [out][in] per layer).</summary>
    public void Load(MlpConfig config, ReadOnlySpan<float> weights)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (weights.Length != config.ParameterCount)
            throw new ArgumentException($"weights has {weights.Length} floats; the MLP has {config.ParameterCount}.", nameof(weights));
        int layers = config.LayerCount, total = 0, maxWidth = 0;
        if (_offsets.Length < layers + 1) _offsets = new int[layers + 1];
        for (int l = 0; l < layers; l++)
        {
            _offsets[l] = total;
            int padded = PaddedWidth(config.LayerOutputWidth(l));
            total += config.LayerInputWidth(l) * padded;
            maxWidth = Math.Max(maxWidth, padded);
        }
        _offsets[layers] = total;
        if (_rows.Length < total) _rows = new float[total];
        bool half = config.WeightPrecision == MlpWeightPrecision.Fp16;
        for (int l = 0; l < layers; l++)
        {
            int src = config.LayerWeightOffset(l), inW = config.LayerInputWidth(l), outW = config.LayerOutputWidth(l);
            int padded = PaddedWidth(outW);
            Span<float> dst = _rows.AsSpan(_offsets[l], inW * padded);
            for (int k = 0; k < inW; k++)
            {
                Span<float> row = dst.Slice(k * padded, padded);
                for (int o = 0; o < outW; o++)
                {
                    float w = weights[src + o * inW + k];
                    row[o] = half ? (float)(Half)w : w;
                }
                row[outW..].Clear();
            }
        }
        MaxPaddedWidth = Math.Max(maxWidth, PaddedWidth(config.InputWidth));
        Config = config;
    }

    /// <summary>
    /// The first layer's contribution of inputs [<paramref name="firstInput"/>, firstInput + values.Length) that hold
    /// <paramref name="values"/> for every point of a call: term[o] = Σ_j values[j] · W0[o, firstInput + j], summed in
    /// j order; <paramref name="term"/> is PaddedWidth(LayerOutputWidth(0)) floats (the padding lanes get 0).
    /// </summary>
    public void FirstLayerTerm(int firstInput, ReadOnlySpan<float> values, Span<float> term)
    {
        MlpConfig c = Config ?? throw new InvalidOperationException("weights are not loaded.");
        int padded = PaddedWidth(c.LayerOutputWidth(0));
        if (firstInput < 0 || firstInput + values.Length > c.InputWidth || term.Length != padded)
            throw new ArgumentException("first-layer term shapes.");
        ReadOnlySpan<float> rows = Layer(0);
        term.Clear();
        for (int j = 0; j < values.Length; j++)
        {
            float v = values[j];
            ReadOnlySpan<float> row = rows.Slice((firstInput + j) * padded, padded);
            for (int o = 0; o < padded; o++) term[o] += v * row[o];
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s rows: LayerInputWidth × PaddedWidth(LayerOutputWidth) floats.</summary>
    public ReadOnlySpan<float> Layer(int layer) => _rows.AsSpan(_offsets[layer], _offsets[layer + 1] - _offsets[layer]);
}
