using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Train.Tests.Torso;

/// <summary>Tiny torso configs and inputs shared by the torso tests.</summary>
internal static class TorsoTestData
{
    /// <summary>A small model: coarse grid (cells of 1/3 .. 1/15) so finite-difference steps rarely cross a cell.</summary>
    public static readonly TorsoConfig Tiny = new()
    {
        Grid = new GridEncodingConfig
        {
            Storage = GridStorage.Tiled, Dimensions = 2, Levels = 2, FeaturesPerLevel = 2,
            Log2TableSize = 8, BaseResolution = 4, FinestResolution = 16,
        },
        CoordFrequencies = 2, PoseFrequencies = 1, LatentWidth = 3,
        TrackWidth = TorsoConfig.TorsoTrackWidth, TrackMethod = TorsoConfig.HalvesTrackMethod,
        DeformHidden = 8, DeformLayers = 3, ColorHidden = 8, ColorLayers = 2,
    };

    /// <summary>Initialised parameters with the grid table widened to U(±gridBound) so the grid path matters.</summary>
    public static float[] Parameters(TorsoModel m, int seed, float gridBound)
    {
        var p = new float[m.ParameterCount];
        AvatarInitializer.Torso(m, p, seed);
        var rng = new Random(seed);
        for (int i = 0; i < m.GridCount; i++)
            p[i] = (float)(rng.NextDouble() * 2 - 1) * gridBound;
        return p;
    }

    /// <summary>N coordinates inside [−0.8, 0.8]² (away from the clamp).</summary>
    public static float[] Coords(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 2 * n).Select(_ => (float)(rng.NextDouble() * 1.6 - 0.8)).ToArray();
    }
}
