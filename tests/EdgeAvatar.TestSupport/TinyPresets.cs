using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.TestSupport;

/// <summary>
/// The tiny training setup the end-to-end tests share: `quick`'s model with small grids, 256 rays and 512 torso
/// pixels per step, so a whole run (every stage and block exercised) takes seconds on 2 cores.
/// </summary>
public static class TinyPresets
{
    /// <summary>`quick`'s avatar with 2^12-entry grids and a coarse occupancy grid.</summary>
    public static AvatarModelConfig Model { get; } = AvatarModelConfig.Quick with
    {
        Head = HeadModelConfig.Quick with
        {
            SpatialGrid = HeadModelConfig.Quick.SpatialGrid with { Levels = 6, Log2TableSize = 12, FinestResolution = 256 },
            AmbientGrid = HeadModelConfig.Quick.AmbientGrid with { Levels = 4, Log2TableSize = 12, FinestResolution = 64 },
            OccupancyResolution = 16,
        },
        Torso = TorsoConfig.Quick with { Grid = TorsoConfig.Quick.Grid with { Levels = 6, Log2TableSize = 12, FinestResolution = 128 } },
    };

    /// <summary>A tiny preset named <paramref name="name"/> with the given schedule, checkpoint period and seed.</summary>
    public static TrainPreset Train(string name, int headSteps, int torsoSteps, double checkpointSeconds, int seed)
        => TrainPreset.Quick with
        {
            Name = name, Model = Model,
            HeadSteps = headSteps, TorsoSteps = torsoSteps, RaysPerStep = 256, TorsoPixelsPerStep = 512, OccupancyInterval = 8,
            LipsPatchSide = 12, CheckpointSeconds = checkpointSeconds, Seed = seed,
        };
}
