using System.Numerics;
using EdgeAvatar.Audio;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Common;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Render.Tests.Vulkan;

/// <summary>
/// A small random avatar for GPU-vs-CPU comparisons: coarse grids, the Quick MLP shapes, a 64×64 camera, a 16³
/// occupancy grid holding a ball of occupied cells with holes, and grid tables filled with values large enough that
/// density and colour vary strongly across the head (an initialised model's ±1e-4 tables would make every sample
/// almost the same and let a broken kernel pass).
/// </summary>
internal static class TinyAvatar
{
    public const int Size = 64;

    public static AvatarModelConfig Config { get; } = new()
    {
        Head = HeadModelConfig.Quick with
        {
            SpatialGrid = HeadModelConfig.Quick.SpatialGrid with { Levels = 4, Log2TableSize = 12, FinestResolution = 64 },
            AmbientGrid = HeadModelConfig.Quick.AmbientGrid with { Levels = 4, Log2TableSize = 10, FinestResolution = 32 },
            OccupancyResolution = 16,
        },
        Audio = AudioNetConfig.RadNerf with { OutputWidth = HeadModelConfig.Quick.AudioWidth },
        Torso = TorsoConfig.Quick with
        {
            Grid = TorsoConfig.Quick.Grid with { Levels = 4, Log2TableSize = 12, FinestResolution = 64 },
        },
    };

    /// <summary>The r2talker variant of <see cref="Config"/>: its sigma MLP keeps <see cref="Config"/>'s one hidden layer.</summary>
    public static AvatarModelConfig R2TalkerOneLayerConfig { get; } = Config with
    {
        Head = Config.Head with
        {
            Variant = HeadModelConfig.R2TalkerVariant, AudioGate = false, Condition = new HeadConditionConfig(),
        },
    };

    /// <summary>
    /// The r2talker variant of <see cref="Config"/>, with two sigma hidden layers so that both layers' slices of the
    /// FiLM vector take part.
    /// </summary>
    public static AvatarModelConfig R2TalkerConfig { get; } = R2TalkerOneLayerConfig with
    {
        Head = R2TalkerOneLayerConfig.Head with { SigmaHiddenLayers = 2 },
    };

    /// <summary>
    /// A tiny r2talker avatar whose landmark grid and condition network (last layer included, which training starts
    /// at zero) are random, so its FiLM vector is far from the identity and depends on the landmarks.
    /// </summary>
    public static AvatarModel CreateR2Talker(int seed) => CreateR2Talker(seed, R2TalkerConfig, fillSeed: seed + 1000);

    /// <summary>As above with an r2talker <paramref name="config"/>, the condition's weights drawn from <paramref name="fillSeed"/>.</summary>
    public static AvatarModel CreateR2Talker(int seed, AvatarModelConfig config, int fillSeed)
    {
        var model = Create(seed, config);
        var rng = new Random(fillSeed);
        var grid = model.Blocks.Head.LandmarkGrid!;
        Fill(model.Parameters.AsSpan(grid.Offset, grid.Count), rng, 1f);
        var net = model.Blocks.Head.ConditionNetwork!;
        Fill(model.Parameters.AsSpan(net.Offset, net.Count), rng, 0.2f);
        return model;
    }

    /// <summary>
    /// The FiLM vector of one random landmark row (head-frame positions in [0.2, 0.8]), made on the CPU by the model's
    /// landmark condition as <see cref="AvatarDriver"/> makes it: the frame code both renderers take.
    /// </summary>
    public static float[] Film(AvatarModel model, int seed)
    {
        var condition = new HeadLandmarkCondition(model.Config.Head);
        var rng = new Random(seed);
        var positions = new float[condition.PositionFloats];
        for (int i = 0; i < positions.Length; i++) positions[i] = (float)(0.2 + 0.6 * rng.NextDouble());
        var film = new float[condition.FilmFloats];
        condition.Film(model.Parameters, model.Blocks.Head, positions, film, [], []);
        return film;
    }

    /// <summary>Torso shifts (pixels) the tests render with; large enough to move the torso's inputs visibly.</summary>
    public static float[] Shift { get; } = [2.5f, -1.5f, -3f, 4f];

    public static AvatarModel Create(int seed) => Create(seed, Config);

    public static AvatarModel Create(int seed, AvatarModelConfig config)
    {
        var blocks = new AvatarParameters(config, 1);
        float[] p = AvatarInitializer.Initialize(blocks, seed);
        var rng = new Random(seed);
        var spatial = blocks.Head.TriPlane ?? blocks.Head.SpatialGrid; // an ernerf head's planes stand for the spatial grid
        Fill(p.AsSpan(spatial.Offset, spatial.Count), rng, 1.5f);
        if (blocks.Head.HasAmbient)
            Fill(p.AsSpan(blocks.Head.AmbientGrid.Offset, blocks.Head.AmbientGrid.Count), rng, 1.5f);
        Fill(p.AsSpan(blocks.Head.Latents.Offset, blocks.Head.Latents.Count), rng, 1f);
        // Sharpen the density (row 0 of the sigma MLP's last layer) so some rays turn opaque within a few steps.
        var sigmaMlp = config.Head.SigmaMlp;
        int last = blocks.Head.SigmaMlp.Offset + sigmaMlp.LayerWeightOffset(sigmaMlp.HiddenLayers);
        foreach (ref float w in p.AsSpan(last, sigmaMlp.LayerInputWidth(sigmaMlp.HiddenLayers)))
            w *= 4f;
        var torso = new TorsoModel(config.Torso);
        Fill(p.AsSpan(blocks.Torso.Offset, torso.GridCount), rng, 1.5f);
        Fill(p.AsSpan(blocks.TorsoLatents.Offset, blocks.TorsoLatents.Count), rng, 1f);

        var occupancy = new OccupancyGrid(Aabb.UnitCube, config.Head.OccupancyResolution);
        int res = occupancy.Resolution;
        for (int z = 0; z < res; z++)
            for (int y = 0; y < res; y++)
                for (int x = 0; x < res; x++)
                {
                    Vector3 c = occupancy.CellCentre(x, y, z);
                    if (c.Length() < 0.55f && rng.NextDouble() < 0.8)
                    {
                        int i = occupancy.CellIndex(x, y, z);
                        occupancy.Bitfield[i >> 3] |= (byte)(1 << (i & 7));
                    }
                }

        var plate = new byte[Size * Size * 3];
        rng.NextBytes(plate);
        float[] pose = CameraToWorld(0.15f, 3f);
        return new AvatarModel(blocks, p, occupancy, new CameraIntrinsics(Size, Size, 70f, 70f, 32f, 32f), plate,
            AudioNormalization.Compute(new float[80 * 4].Select((_, i) => (float)(i % 7)).ToArray(), 80),
            pose, [0.4f], [.. Shift[..config.Torso.TrackWidth]], [0f, 0f, 3f], new PixelRect(0, 34, Size, 30));
    }

    /// <summary>A camera at distance <paramref name="distance"/> on a circle around the y axis, looking at the origin.</summary>
    public static float[] CameraToWorld(float yaw, float distance)
    {
        float c = MathF.Cos(yaw), s = MathF.Sin(yaw);
        // Columns: x axis (c, 0, -s), y axis (0, 1, 0), z axis (s, 0, c) (camera looks down −z, at the origin).
        return [c, 0, s, distance * s, 0, 1, 0, 0.05f, -s, 0, c, distance * c, 0, 0, 0, 1];
    }

    public static float[] AudioCode(int seed)
    {
        var rng = new Random(seed);
        var a = new float[Config.Head.AudioWidth];
        Fill(a, rng, 1f);
        return a;
    }

    public static void Fill(Span<float> s, Random rng, float range)
    {
        for (int i = 0; i < s.Length; i++)
            s[i] = (float)(rng.NextDouble() * 2 - 1) * range;
    }
}
