using EdgeAvatar.Common;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// <c>train --variant</c>: which head a new run trains, applied to a preset as data (the model config it carries is
/// what run.json and the baked manifest store, so the variant travels with the run and the model).
/// </summary>
public static class TrainVariants
{
    public static IReadOnlyList<string> Names { get; } = [HeadModelConfig.RadNerfVariant, HeadModelConfig.R2TalkerVariant, HeadModelConfig.ErNerfVariant];

    /// <summary>
    /// The preset with its head switched to <paramref name="variant"/>: radnerf leaves it as it is; r2talker keeps the
    /// head's spatial grid, MLP widths, colour and occupancy, drops the audio gate, adds the default landmark
    /// condition and turns mouth code forcing off (the head has no mouth entries; <c>--mouth-generator phones</c> turns
    /// it on for radnerf, and for r2talker fits a landmark generator instead); ernerf replaces the head's grids and ambient
    /// stage by a tri-plane and region attention with <see cref="ErNerfHeadConfig.Full"/>'s sizes for the <c>full</c>
    /// preset and <see cref="ErNerfHeadConfig.Quick"/>'s otherwise, keeping the box, occupancy, marching, audio network,
    /// torso and mouth settings (it is driven by audio like radnerf). An unknown name is <see cref="ExitCodes.Usage"/>.
    /// </summary>
    public static TrainPreset Apply(TrainPreset preset, string variant)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return variant switch
        {
            HeadModelConfig.RadNerfVariant => preset,
            HeadModelConfig.R2TalkerVariant => preset with
            {
                MouthCodeForcing = 0,
                Model = preset.Model with
                {
                    Head = preset.Model.Head with
                    {
                        Variant = HeadModelConfig.R2TalkerVariant, AudioGate = false, Condition = new HeadConditionConfig(),
                    },
                },
            },
            HeadModelConfig.ErNerfVariant => preset with
            {
                Model = preset.Model with
                {
                    Head = HeadModelConfig.WithErNerf(preset.Model.Head,
                        preset.Name == TrainPreset.Full.Name ? ErNerfHeadConfig.Full : ErNerfHeadConfig.Quick),
                },
            },
            _ => throw new EdgeAvatarException(ExitCodes.Usage, $"unknown head variant '{variant}' ({string.Join(", ", Names)})."),
        };
    }
}
