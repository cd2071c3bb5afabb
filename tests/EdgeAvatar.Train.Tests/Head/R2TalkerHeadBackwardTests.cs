using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.Conditioning;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Init;
using EdgeAvatar.Train.Kernels.Optimizers;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// The r2talker head's training chain on a tiny head: normalised landmark positions → <see cref="HeadLandmarkCondition"/>
/// (landmark grid, condition network) → FiLM vector → <see cref="HeadField"/> (FiLM sigma MLP) → σ, rgb, and back
/// through <see cref="HeadFieldBackward"/> and <see cref="LandmarkConditionerBackward"/> (what HeadStepper runs per
/// step). Loss L = Σ ws·σ + Σ wr·rgb in float64. Gradients are checked against central differences with the
/// tolerance and steps of <see cref="HeadFieldBackwardTests"/> (same kinks and float32 noise), and a few Adam steps
/// on the new blocks alone must fit landmark-dependent targets.
/// </summary>
public sealed class R2TalkerHeadBackwardTests
{
    private const double Tolerance = 1e-2;
    private const float GridStep = 3e-3f, WeightStep = 3e-4f;

    // The condition network's weights reach the loss through the FiLM product of every point, so float32 noise in the
    // quotient is larger: at 3e-4 the worst error was 0.0103, at 1e-3 it is within tolerance.
    private const float ConditionStep = 1e-3f;

    internal static HeadModelConfig Tiny { get; } = HeadFieldBackwardTests.TinyUngated with
    {
        Variant = HeadModelConfig.R2TalkerVariant,
        Condition = new HeadConditionConfig
        {
            Frame = new Render.Conditioning.LandmarkFrameConfig { Indices = [48, 51, 54, 57, 62, 66] },
            Grid = new GridEncodingConfig
            {
                Storage = GridStorage.Hashed, Dimensions = 2, Levels = 3, FeaturesPerLevel = 2,
                Log2TableSize = 8, BaseResolution = 4, FinestResolution = 16,
            },
            NetworkHidden = 8,
        },
    };

    private sealed class Problem
    {
        public const int Points = 48, Rays = 6;
        public readonly HeadField Field = new(Tiny);
        public readonly HeadFieldBatch Batch = new(Tiny, keepTape: true);
        public readonly HeadLandmarkCondition Condition = new(Tiny);
        public readonly HeadParameters Blocks;
        public readonly float[] Parameters;
        public readonly float[] Positions = new float[3 * Points], Directions = new float[3 * Rays];
        public readonly int[] RayIndex = new int[Points];
        public readonly float[] Landmarks, Latent, Film, Encoded, Hidden;
        public readonly float[] WSigma, WRgb;

        public Problem(int seed, bool randomLastLayer = true)
        {
            var layout = new ParameterLayout();
            Blocks = new HeadParameters(Tiny, layout, latentRows: 1);
            Parameters = new float[layout.TotalCount];
            AvatarInitializer.Head(Blocks, Parameters, seed);
            var rng = new Random(seed);
            Fill(Parameters.AsSpan(Blocks.SpatialGrid.Offset, Blocks.SpatialGrid.Count), rng, 1f);
            Fill(Parameters.AsSpan(Blocks.LandmarkGrid!.Offset, Blocks.LandmarkGrid.Count), rng, 1f);
            // The initializer zeroes the condition network's last layer (FiLM starts as the identity); a check of the
            // gradients below it needs it non-zero.
            if (randomLastLayer)
            {
                var last = Condition.Conditioner.Network.Layers[^1];
                Fill(Parameters.AsSpan(Blocks.ConditionNetwork!.Offset + last.WeightOffset, last.ParameterCount), rng, 0.3f);
            }
            RandomHeadSamples.Fill(rng, Tiny.Bounds, Positions, RayIndex, Directions);
            Landmarks = Positions01(rng, Condition.PositionFloats);
            Latent = GradientCheck.RandomVector(Tiny.LatentWidth, seed + 2, 1f);
            WSigma = GradientCheck.RandomVector(Points, seed + 3, 0.2f);
            WRgb = GradientCheck.RandomVector(3 * Points, seed + 4);
            Film = new float[Condition.FilmFloats];
            Encoded = new float[Condition.EncodedFloats];
            Hidden = new float[Condition.HiddenFloats];
        }

        public double Loss()
        {
            Condition.Film(Parameters, Blocks, Landmarks, Film, Encoded, Hidden);
            Field.Forward(Parameters, Blocks, Positions, Directions, RayIndex, Film, 0.3f, Latent, Batch);
            return GradientCheck.Dot(WSigma, Batch.Sigma.AsSpan(0, Points)) + GradientCheck.Dot(WRgb, Batch.Rgb.AsSpan(0, 3 * Points));
        }

        /// <summary>The trainer's chain: field backward (FiLM gradient) then the conditioner's backward.</summary>
        public float[] Analytic(float[] wSigma, float[] wRgb)
        {
            var gp = new float[Parameters.Length];
            var gFilm = new float[Condition.FilmFloats];
            new HeadFieldBackward(Field).Backward(Parameters, Blocks, Batch, wSigma, wRgb, [], [], gp, gFilm, new float[Tiny.LatentWidth]);
            ParameterBlock grid = Blocks.LandmarkGrid!, net = Blocks.ConditionNetwork!;
            LandmarkConditionerBackward.Backward(Condition.Conditioner, Parameters.AsSpan(grid.Offset, grid.Count),
                Parameters.AsSpan(net.Offset, net.Count), Landmarks, Encoded, Hidden, gFilm,
                gp.AsSpan(grid.Offset, grid.Count), gp.AsSpan(net.Offset, net.Count));
            return gp;
        }

        public static float[] Positions01(Random rng, int n)
        {
            var v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float)(0.1 + 0.8 * rng.NextDouble());
            return v;
        }

        private static void Fill(Span<float> s, Random rng, float range)
        {
            for (int i = 0; i < s.Length; i++) s[i] = (float)(rng.NextDouble() * 2 - 1) * range;
        }
    }

    public static TheoryData<string> BlockNames => new()
    {
        HeadParameters.SpatialGridName, HeadParameters.LandmarkGridName, HeadParameters.ConditionNetworkName,
        HeadParameters.SigmaMlpName, HeadParameters.ColorMlpName,
    };

    [Theory]
    [MemberData(nameof(BlockNames))]
    public void Parameter_block_gradient_through_the_landmark_condition_matches_finite_differences(string name)
    {
        var p = new Problem(seed: 7);
        p.Loss();
        var gp = p.Analytic(p.WSigma, p.WRgb);
        var block = BlockOf(p.Blocks, name);
        var rng = new Random(name.Length * 31 + 5);
        var touched = Enumerable.Range(block.Offset, block.Count).Where(i => gp[i] != 0f).OrderBy(_ => rng.Next()).Take(12);
        var anywhere = Enumerable.Range(block.Offset, block.Count).OrderBy(_ => rng.Next()).Take(12);
        int[] indices = [.. touched.Concat(anywhere).Distinct().Order()];
        Assert.True(gp.AsSpan(block.Offset, block.Count).ContainsAnyExcept(0f), $"{name}: gradient is all zero");
        float h = name.EndsWith("grid", StringComparison.Ordinal) ? GridStep : name == HeadParameters.ConditionNetworkName ? ConditionStep : WeightStep;
        double[] fd = GradientCheck.Central(p.Parameters, indices, h, p.Loss);
        double err = GradientCheck.WorstRelativeError(gp, indices, fd);
        Assert.True(err < Tolerance, $"{name}: worst relative error {err:G3}");
    }

    [Fact]
    public void A_new_condition_is_the_identity_film_whatever_the_landmarks()
    {
        var p = new Problem(seed: 3, randomLastLayer: false);
        foreach (int seed in new[] { 1, 2 })
        {
            var landmarks = Problem.Positions01(new Random(seed), p.Condition.PositionFloats);
            var film = new float[p.Condition.FilmFloats];
            p.Condition.Film(p.Parameters, p.Blocks, landmarks, film, [], []);
            Assert.All(film, v => Assert.Equal(0f, v));
        }
    }

    /// <summary>
    /// Two landmark sets must give two different densities at the same points (a mouth that opens): Adam on the
    /// landmark grid and condition network alone, from the zero-FiLM start, must cut the squared error by half or
    /// more. Without the FiLM gradient reaching the conditioner (or with the zero last layer never leaving zero)
    /// the field cannot tell the two frames apart and the loss stays near its start.
    /// </summary>
    [Fact]
    public void Training_the_condition_alone_separates_two_landmark_frames()
    {
        var p = new Problem(seed: 5, randomLastLayer: false);
        var rng = new Random(17);
        float[][] frames = [Problem.Positions01(rng, p.Condition.PositionFloats), Problem.Positions01(rng, p.Condition.PositionFloats)];
        // Targets: the starting σ scaled up for frame 0 and down for frame 1.
        var targets = new float[2][];
        frames[0].CopyTo(p.Landmarks, 0);
        p.Loss();
        var start = p.Batch.Sigma.AsSpan(0, Problem.Points).ToArray();
        targets[0] = [.. start.Select(s => 1.5f * s)];
        targets[1] = [.. start.Select(s => 0.5f * s)];

        ParameterBlock grid = p.Blocks.LandmarkGrid!, net = p.Blocks.ConditionNetwork!;
        var groups = new[] { new AdamParameterGroup(grid.Offset, grid.Count, 1e-2f), new AdamParameterGroup(net.Offset, net.Count, 1e-2f) };
        var m = new float[p.Parameters.Length];
        var v = new float[p.Parameters.Length];
        double Error(int f)
        {
            frames[f].CopyTo(p.Landmarks, 0);
            p.Loss();
            double e = 0;
            for (int i = 0; i < Problem.Points; i++) e += Math.Pow(p.Batch.Sigma[i] - targets[f][i], 2);
            return e;
        }
        double before = Error(0) + Error(1);
        for (int step = 0; step < 150; step++)
        {
            int f = step % 2;
            frames[f].CopyTo(p.Landmarks, 0);
            p.Loss();
            var wSigma = new float[Problem.Points];
            for (int i = 0; i < Problem.Points; i++) wSigma[i] = 2f * (p.Batch.Sigma[i] - targets[f][i]);
            var g = p.Analytic(wSigma, new float[3 * Problem.Points]);
            CpuAdam.Step(new AdamConfig(), groups, step + 1, p.Parameters, g, m, v);
        }
        double after = Error(0) + Error(1);
        Assert.True(after < 0.5 * before, $"squared error {before:G3} → {after:G3}");
    }

    private static ParameterBlock BlockOf(HeadParameters b, string name) => name switch
    {
        HeadParameters.SpatialGridName => b.SpatialGrid,
        HeadParameters.LandmarkGridName => b.LandmarkGrid!,
        HeadParameters.ConditionNetworkName => b.ConditionNetwork!,
        HeadParameters.SigmaMlpName => b.SigmaMlp,
        _ => b.ColorMlp,
    };
}
