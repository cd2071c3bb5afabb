namespace EdgeAvatar.Render.Conditioning;

/// <summary>
/// Landmarks → FiLM vector for one frame: <see cref="LandmarkGridEncoding"/> of a window of W frames' normalised
/// landmarks (W × L × 2, oldest first), concatenated into one W × L × Levels × Features row, then
/// <see cref="ConditionNetwork"/>. The network's InputWidth fixes W = InputWidth / (encoding's OutputWidth).
/// Parameters are two buffers: the grid table and the network's parameters.
/// </summary>
public sealed class LandmarkConditioner
{
    public LandmarkConditioner(LandmarkGridEncoding encoding, ConditionNetwork network)
    {
        Encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
        Network = network ?? throw new ArgumentNullException(nameof(network));
        if (network.Config.InputWidth % encoding.OutputWidth != 0)
            throw new ArgumentException($"the condition network takes {network.Config.InputWidth} inputs, not a whole "
                + $"number of frames of {encoding.OutputWidth} encoded floats.", nameof(network));
        WindowFrames = network.Config.InputWidth / encoding.OutputWidth;
    }

    public LandmarkGridEncoding Encoding { get; }

    public ConditionNetwork Network { get; }

    /// <summary>W, frames of landmarks per condition.</summary>
    public int WindowFrames { get; }

    /// <summary>Floats of one condition's positions: W × L × 2.</summary>
    public int PositionFloats => WindowFrames * Encoding.PositionWidth;

    /// <summary>One condition.</summary>
    /// <param name="table">The landmark grid's table.</param>
    /// <param name="parameters">The condition network's parameters.</param>
    /// <param name="positions"><see cref="PositionFloats"/> floats in [0, 1] (<see cref="HeadFrameLandmarks.Normalise"/> per frame).</param>
    /// <param name="film">The FiLM vector, <see cref="ConditionNetworkConfig.OutputWidth"/> floats, overwritten.</param>
    /// <param name="encoded">Empty, or the network's InputWidth floats, overwritten with the encoding (saved for the backward).</param>
    /// <param name="hidden">Empty, or the network's HiddenFloats, overwritten (saved for the backward).</param>
    public void Forward(ReadOnlySpan<float> table, ReadOnlySpan<float> parameters, ReadOnlySpan<float> positions,
        Span<float> film, Span<float> encoded, Span<float> hidden)
    {
        if (positions.Length != PositionFloats)
            throw new ArgumentException($"positions has {positions.Length} floats; a window of {WindowFrames} frames needs {PositionFloats}.", nameof(positions));
        float[] features = encoded.IsEmpty ? new float[Network.Config.InputWidth] : [];
        Span<float> e = encoded.IsEmpty ? features : encoded;
        Encoding.Forward(table, positions, e);
        Network.Forward(parameters, e, film, hidden);
    }
}
