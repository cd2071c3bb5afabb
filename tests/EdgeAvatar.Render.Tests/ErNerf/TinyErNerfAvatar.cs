using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Tests.Vulkan;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// <see cref="TinyAvatar"/> with an ernerf head (the quick ernerf sizes, coarse planes): random plane tables of ±1.5,
/// so density and colour vary across the head, and attention MLPs at their initial (non-zero) weights, so the audio
/// code and eye reach the density.
/// </summary>
internal static class TinyErNerfAvatar
{
    public static AvatarModelConfig Config { get; } = TinyAvatar.Config with
    {
        Head = HeadModelConfig.WithErNerf(TinyAvatar.Config.Head, ErNerfHeadConfig.Quick with
        {
            Plane = new GridEncodingConfig
            {
                Storage = GridStorage.Hashed, Dimensions = 2, Levels = 4, FeaturesPerLevel = 1,
                Log2TableSize = 10, BaseResolution = 8, FinestResolution = 64,
            },
        }),
    };

    /// <summary>
    /// <see cref="TinyAvatar.Create(int, AvatarModelConfig)"/>'s avatar with its occupied cells on a grid over the head's
    /// own box, which is where a loaded model's occupancy lies (TinyAvatar puts them over the unit cube, fine for
    /// comparing two renderers of one model but not for comparing a model with its bake).
    /// </summary>
    public static AvatarModel Create(int seed)
    {
        var m = TinyAvatar.Create(seed, Config);
        var occupancy = new OccupancyGrid(Config.Head.Bounds, Config.Head.OccupancyResolution);
        m.Occupancy.Bitfield.CopyTo(occupancy.Bitfield, 0);
        return new AvatarModel(m.Blocks, m.Parameters, occupancy, m.Camera, m.Plate, m.Normalization, m.PoseTrack,
            m.EyeTrack, m.TorsoTrack, m.MeanCentre, m.TorsoRegion);
    }
}
