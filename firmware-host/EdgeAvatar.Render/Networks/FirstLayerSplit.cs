namespace EdgeAvatar.Render.Networks;

/// <summary>
/// How <see cref="CpuMlp.ForwardChunk(CpuMlpWeights, ReadOnlySpan{float}, Span{float}, Span{float}, FirstLayerSplit, ReadOnlySpan{float})"/>
/// splits a first layer: columns [0, <see cref="PointWidth"/>) are per point; the rest contribute
/// scale_i · <see cref="ScaledTerm"/> + <see cref="ConstantTerm"/>, both precomputed once per call with
/// <see cref="CpuMlpWeights.FirstLayerTerm"/> (padded to whole vectors; either may be empty).
/// </summary>
public sealed class FirstLayerSplit
{
    private float[] _scaled = [], _constant = [];
    private int _scaledLength, _constantLength;

    /// <summary>Per-point columns of the first layer's input.</summary>
    public int PointWidth { get; set; }

    public ReadOnlySpan<float> ScaledTerm => _scaled.AsSpan(0, _scaledLength);

    public ReadOnlySpan<float> ConstantTerm => _constant.AsSpan(0, _constantLength);

    /// <summary>Sets <see cref="ScaledTerm"/> to the contribution of <paramref name="values"/> at column <paramref name="firstInput"/> (empty values: no term).</summary>
    public void SetScaled(CpuMlpWeights weights, int firstInput, ReadOnlySpan<float> values)
        => _scaledLength = Set(weights, firstInput, values, ref _scaled);

    /// <summary>Sets <see cref="ConstantTerm"/> likewise.</summary>
    public void SetConstant(CpuMlpWeights weights, int firstInput, ReadOnlySpan<float> values)
        => _constantLength = Set(weights, firstInput, values, ref _constant);

    private static int Set(CpuMlpWeights weights, int firstInput, ReadOnlySpan<float> values, ref float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (values.IsEmpty) return 0;
        int padded = CpuMlpWeights.PaddedWidth((weights.Config ?? throw new ArgumentException("weights are not loaded.", nameof(weights))).LayerOutputWidth(0));
        if (buffer.Length < padded) buffer = new float[padded];
        weights.FirstLayerTerm(firstInput, values, buffer.AsSpan(0, padded));
        return padded;
    }
}
