using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// The training-only mouth probe: a linear read-out p = W·code + b of the frame's audio code, with loss
/// weight · mean_k (p_k − t_k)² against the recorded mouth measures t (MouthShapeTargets). Its gradient reaches the
/// audio network through the code, so the code carries the mouth's state from the first steps instead of
/// collapsing to a constant while the head is still blurry (measured on the 20-s clip without it: the code's
/// spread across frames fell from 0.6 to 0.03 in 5000 steps and the lips never moved).
/// </summary>
public sealed class MouthProbe
{
    private readonly AudioNetConfig _config;
    private readonly float[] _prediction, _gradPrediction, _gradCode;

    public MouthProbe(AudioNetConfig config)
    {
        _config = config.EnsureValid();
        if (config.MouthTargets == 0) throw new ArgumentException("the audio config has no mouth probe.", nameof(config));
        _prediction = new float[config.MouthTargets];
        _gradPrediction = new float[config.MouthTargets];
        _gradCode = new float[config.OutputWidth];
    }

    /// <summary>Forward and backward for one frame; returns the (weighted) loss.</summary>
    /// <param name="parameters">The probe's block.</param>
    /// <param name="code">The frame's audio code (OutputWidth floats).</param>
    /// <param name="target">MouthTargets floats.</param>
    /// <param name="gradParameters">The probe block's gradients; added.</param>
    /// <param name="gradCode">dL/dcode; added.</param>
    public double Step(ReadOnlySpan<float> parameters, ReadOnlySpan<float> code, ReadOnlySpan<float> target, float weight,
        Span<float> gradParameters, Span<float> gradCode)
    {
        var layer = _config.MouthProbe;
        if (target.Length != layer.Out) throw new ArgumentException($"target has {target.Length} floats, expected {layer.Out}.", nameof(target));
        AudioLayerMath.DenseForward(layer, parameters, code, _prediction, leaky: false, 0f);
        RenderLosses.MseBackward(_prediction, target, weight, _gradPrediction);
        AudioLayerGradients.DenseBackward(layer, parameters, code, _prediction, _gradPrediction, leaky: false, 0f,
            gradParameters, _gradCode);
        for (int k = 0; k < _gradCode.Length; k++) gradCode[k] += _gradCode[k];
        return weight * RenderLosses.MseForward(_prediction, target);
    }
}
