using EdgeAvatar.Render.Conditioning;

namespace EdgeAvatar.Train.Conditioning;

/// <summary>
/// Backward of <see cref="LandmarkConditioner.Forward"/> for one condition: dL/d(FiLM vector) (what
/// <see cref="FilmMlpBackward"/> accumulated over the frame's samples) → condition network parameters →
/// encoded landmarks → landmark grid table. Uses the forward's saved encoding and hidden activations.
/// </summary>
public static class LandmarkConditionerBackward
{
    /// <param name="conditioner">The conditioner.</param>
    /// <param name="table">The grid table the forward used.</param>
    /// <param name="parameters">The network parameters the forward used.</param>
    /// <param name="positions">The window's positions, as given to the forward.</param>
    /// <param name="encoded">The forward's saved encoding (the network's InputWidth floats).</param>
    /// <param name="hidden">The forward's saved hidden activations.</param>
    /// <param name="filmGrad">dL/d(FiLM vector).</param>
    /// <param name="tableGrad">TableFloats floats; <b>added</b>.</param>
    /// <param name="parameterGrad">The network's ParameterCount floats; <b>added</b>.</param>
    public static void Backward(LandmarkConditioner conditioner, ReadOnlySpan<float> table,
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> positions, ReadOnlySpan<float> encoded,
        ReadOnlySpan<float> hidden, ReadOnlySpan<float> filmGrad, Span<float> tableGrad, Span<float> parameterGrad)
    {
        ArgumentNullException.ThrowIfNull(conditioner);
        if (positions.Length != conditioner.PositionFloats)
            throw new ArgumentException($"positions has {positions.Length} floats; expected {conditioner.PositionFloats}.", nameof(positions));
        var encodedGrad = new float[conditioner.Network.Config.InputWidth];
        ConditionNetworkBackward.Backward(conditioner.Network, parameters, encoded, hidden, filmGrad, parameterGrad, encodedGrad);
        LandmarkGridEncodingBackward.Backward(conditioner.Encoding, table, positions, encodedGrad, tableGrad);
    }
}
