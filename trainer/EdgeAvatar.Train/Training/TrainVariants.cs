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
    /// torso (but a smaller <c>full</c> torso grid, <see cref="ErNerfTorso"/>) and mouth settings (it is driven by audio like radnerf). An unknown name is <see cref="ExitCodes.Usage"/>.
    /// </summary>
    /// <remarks>
    /// No variant draws rays from the gap between the lips (<see cref="TrainPreset.MouthGapRayFraction"/> stays 0): for
    /// r2talker it widened the opening given the recorded landmarks, but driven from audio its kiosk recipe lost the
    /// bilabial closure on one voice below the lip-sync test's bar and blurred the lip line
    /// (docs/results/2026-12-07-gap-rays-driven-from-audio.md).
    /// </remarks>
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
                    Torso = ErNerfTorso(preset),
                },
            },
            _ => throw new EdgeAvatarException(ExitCodes.Usage, $"unknown head variant '{variant}' ({string.Join(", ", Names)})."),
        };
    }

    /// <summary>
    /// The ernerf torso: the preset's, except that <c>full</c>'s grid keeps at most <see cref="ErNerfFullTorsoLog2Table"/>
    /// entries per level. ER-NeRF's point is a small model: its <c>full</c> head is under a fifth of radnerf's, and with
    /// the radnerf <c>full</c> torso (2^16 per level, more than twice the head) the baked file would stay over the
    /// 4 MiB the ernerf <c>full</c> model is held to (issue #22); at 2^15 it fits. Quick's torso (2^16, 12 levels) is
    /// already smaller than full's and is kept.
    /// </summary>
    private static Render.Torso.TorsoConfig ErNerfTorso(TrainPreset preset)
    {
        var torso = preset.Model.Torso;
        if (preset.Name != TrainPreset.Full.Name || torso.Grid.Log2TableSize <= ErNerfFullTorsoLog2Table) return torso;
        return torso with { Grid = torso.Grid with { Log2TableSize = ErNerfFullTorsoLog2Table } };
    }

    /// <summary>log2 of the ernerf <c>full</c> torso grid's entries per level.</summary>
    public const int ErNerfFullTorsoLog2Table = 15;
}
