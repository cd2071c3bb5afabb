using EdgeAvatar.Common;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// <c>train --torso-pose</c>: what a new run's torso takes as its head pose input, applied to a preset as data (the
/// torso config travels in run.json and the baked manifest). <see cref="TorsoConfig.RawPoseInput"/> is every preset's
/// and every variant's default; <see cref="TorsoConfig.AnchorsPoseInput"/> (ER-NeRF's adaptive pose encoding) is
/// allowed with every head variant.
/// </summary>
public static class TorsoPoseInputs
{
    public static IReadOnlyList<string> Names { get; } = [TorsoConfig.RawPoseInput, TorsoConfig.AnchorsPoseInput];

    /// <summary>The preset with its torso's <see cref="TorsoConfig.PoseInput"/> set; an unknown name is
    /// <see cref="ExitCodes.Usage"/>.</summary>
    public static TrainPreset Apply(TrainPreset preset, string poseInput)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (!Names.Contains(poseInput))
            throw new EdgeAvatarException(ExitCodes.Usage, $"unknown torso pose input '{poseInput}' ({string.Join(", ", Names)}).");
        return preset with { Model = preset.Model with { Torso = preset.Model.Torso with { PoseInput = poseInput } } };
    }
}
