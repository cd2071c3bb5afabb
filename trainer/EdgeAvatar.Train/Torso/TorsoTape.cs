using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Torso;

/// <summary>
/// What <see cref="TorsoBackward.Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
/// keeps for <see cref="TorsoBackward.Backward"/>: the forward intermediates and a copy of the parameters the forward
/// used (the backward must differentiate at those, even if the caller's buffer changes in between). Pass a tape
/// back to the Forward overload that takes one to reuse its buffers (they only grow).
/// </summary>
public sealed class TorsoTape
{
    internal TorsoTape(TorsoModel model) => Model = model;

    public TorsoModel Model { get; }

    public TorsoForwardState State { get; } = new();

    /// <summary>The parameters the forward used (first <see cref="TorsoModel.ParameterCount"/> floats).</summary>
    public float[] Parameters { get; private set; } = [];

    /// <summary>Points recorded.</summary>
    public int Count => State.Count;

    /// <summary>Scratch of the backward: dL/d(grid features), N × grid width.</summary>
    internal float[] FeatureGrad { get; private set; } = [];

    /// <summary>Scratch of the backward: dL/d(grid positions), N × 2.</summary>
    internal float[] PositionGrad { get; private set; } = [];

    internal void Record(ReadOnlySpan<float> parameters)
    {
        if (Parameters.Length != parameters.Length)
            Parameters = new float[parameters.Length];
        parameters.CopyTo(Parameters);
    }

    internal void PrepareBackward()
    {
        int n = State.Count, gw = Model.Config.Grid.OutputWidth;
        if (FeatureGrad.Length < n * gw)
            FeatureGrad = new float[n * gw];
        if (PositionGrad.Length < 2 * n)
            PositionGrad = new float[2 * n];
        Array.Clear(PositionGrad, 0, 2 * n);
    }
}
