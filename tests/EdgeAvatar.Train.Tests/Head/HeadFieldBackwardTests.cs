using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Tests.AudioNetworks;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// <see cref="HeadFieldBackward"/> against double-sided finite differences of <see cref="HeadField.Forward"/> on a
/// tiny head. Loss (accumulated in float64): L = Σ ws_i·σ_i + Σ wr_ij·rgb_ij + Σ gc_ij·tanh(u_ij), the last term
/// being what a non-empty gradCoord stands for (tanh(u) = 2·AmbientCoord − 1).
/// <para>Tolerance: the forward is float32, so the quotient carries ~1e-7·|L|/h of rounding noise (|L| ≈ 3 here), and
/// a ReLU kink or grid-cell boundary crossed inside ±h bends it (grid tables of ±1 make the field rough: at h = 1e-2
/// the weight blocks scored 0.04–0.17, shrinking steadily with h — kinks, not a wrong gradient). Measured best steps:
/// 3e-3 on grid entries, 3e-4 on weights and codes (worst errors 0.7e-3 .. 4.4e-3 at seed 7). The error is
/// |analytic − fd| / (|fd| + rms(fd)) of the block (GradientCheck.WorstRelativeError), required &lt; 1e-2; a missing
/// or mis-scaled term scores O(1). All inputs are seeded, so the check is deterministic.</para>
/// </summary>
public sealed class HeadFieldBackwardTests
{
    private const double Tolerance = 1e-2;
    private const float GridStep = 3e-3f, WeightStep = 3e-4f;

    internal static HeadModelConfig Tiny { get; } = new()
    {
        SpatialGrid = GridEncodingConfig.RadNerfHead with { Levels = 4, Log2TableSize = 10, BaseResolution = 4, FinestResolution = 24 },
        AmbientGrid = GridEncodingConfig.RadNerfAudio with { Levels = 3, Log2TableSize = 8, BaseResolution = 4, FinestResolution = 12 },
        AudioWidth = 6,
        AmbientHidden = 8,
        AmbientHiddenLayers = 1,
        GeometryWidth = 5,
        SigmaHidden = 12,
        SigmaHiddenLayers = 2,
        ColorHidden = 10,
        ColorHiddenLayers = 1,
        LatentWidth = 4,
        OccupancyResolution = 8,
        AudioGate = true,
    };

    internal static HeadModelConfig TinyUngated { get; } = Tiny with { AudioGate = false };

    private sealed class Problem
    {
        public const int Points = 48, Rays = 6;
        public readonly HeadModelConfig Config;
        public readonly HeadField Field;
        public readonly HeadParameters Blocks;
        public readonly float[] Parameters;
        public readonly float[] Positions = new float[3 * Points], Directions = new float[3 * Rays];
        public readonly int[] RayIndex = new int[Points];
        public readonly float[] Audio, Latent;
        public readonly float Eye = 0.3f;
        public readonly float[] WSigma, WRgb, WCoord, WGate;
        public readonly HeadFieldBatch Batch;

        public Problem(int seed, bool gated = true)
        {
            Config = gated ? Tiny : TinyUngated;
            Field = new HeadField(Config);
            Batch = new HeadFieldBatch(Config, keepTape: true);
            var layout = new ParameterLayout();
            Blocks = new HeadParameters(Config, layout, latentRows: 1);
            Parameters = new float[layout.TotalCount];
            var rng = new Random(seed);
            AvatarInitializer.Head(Blocks, Parameters, seed);
            // Grid tables far from their ±1e-4 init, so every path (the ambient coordinate's too) carries weight.
            Fill(Parameters.AsSpan(Blocks.SpatialGrid.Offset, Blocks.SpatialGrid.Count), rng, 1f);
            Fill(Parameters.AsSpan(Blocks.AmbientGrid.Offset, Blocks.AmbientGrid.Count), rng, 1f);
            RandomHeadSamples.Fill(rng, Tiny.Bounds, Positions, RayIndex, Directions);
            Audio = GradientCheck.RandomVector(Tiny.AudioWidth, seed + 1, 2f);
            Latent = GradientCheck.RandomVector(Tiny.LatentWidth, seed + 2, 1f);
            WSigma = GradientCheck.RandomVector(Points, seed + 3, 0.2f);
            WRgb = GradientCheck.RandomVector(3 * Points, seed + 4);
            WCoord = GradientCheck.RandomVector(2 * Points, seed + 5);
            WGate = gated ? GradientCheck.RandomVector(Points, seed + 6) : [];
        }

        public double Loss()
        {
            Field.Forward(Parameters, Blocks, Positions, Directions, RayIndex, Audio, Eye, Latent, Batch);
            double l = GradientCheck.Dot(WSigma, Batch.Sigma.AsSpan(0, Points)) + GradientCheck.Dot(WRgb, Batch.Rgb.AsSpan(0, 3 * Points));
            var coord = Batch.AmbientCoord.AsSpan(0, 2 * Points);
            for (int i = 0; i < coord.Length; i++) l += WCoord[i] * (2.0 * coord[i] - 1.0);
            for (int i = 0; i < WGate.Length; i++) l += WGate[i] * (double)Batch.Gate[i];
            return l;
        }

        /// <summary>Analytic gradients from one forward + backward: (parameters, audio, latent).</summary>
        public (float[] P, float[] A, float[] L) Analytic()
        {
            Loss();
            var gp = new float[Parameters.Length];
            var ga = new float[Tiny.AudioWidth];
            var gl = new float[Tiny.LatentWidth];
            new HeadFieldBackward(Field).Backward(Parameters, Blocks, Batch, WSigma, WRgb, WCoord, WGate, gp, ga, gl);
            return (gp, ga, gl);
        }

        private static void Fill(Span<float> s, Random rng, float range)
        {
            for (int i = 0; i < s.Length; i++) s[i] = (float)(rng.NextDouble() * 2 - 1) * range;
        }
    }

    public static TheoryData<string, bool> BlockNames
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (bool gated in new[] { true, false })
                foreach (string name in new[] { HeadParameters.SpatialGridName, HeadParameters.AmbientGridName,
                             HeadParameters.AmbientMlpName, HeadParameters.SigmaMlpName, HeadParameters.ColorMlpName })
                    data.Add(name, gated);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BlockNames))]
    public void Parameter_block_gradient_matches_finite_differences(string name, bool gated)
    {
        var p = new Problem(seed: 7, gated);
        var block = BlockOf(p.Blocks, name);
        var (gp, _, _) = p.Analytic();
        // Half the checked entries where the analytic gradient is non-zero (a grid table is mostly untouched by 48
        // points), half anywhere in the block (zeros must be zeros).
        var rng = new Random(name.Length * 31 + 5);
        var touched = Enumerable.Range(block.Offset, block.Count).Where(i => gp[i] != 0f).OrderBy(_ => rng.Next()).Take(12);
        var anywhere = Enumerable.Range(block.Offset, block.Count).OrderBy(_ => rng.Next()).Take(12);
        int[] indices = [.. touched.Concat(anywhere).Distinct().Order()];
        Assert.True(gp.AsSpan(block.Offset, block.Count).ContainsAnyExcept(0f), $"{name}: gradient is all zero");

        float h = name.EndsWith("grid", StringComparison.Ordinal) ? GridStep : WeightStep;
        double[] fd = GradientCheck.Central(p.Parameters, indices, h, p.Loss);
        double err = GradientCheck.WorstRelativeError(gp, indices, fd);
        Assert.True(err < Tolerance, $"{name}: worst relative error {err:G3}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Audio_code_and_latent_gradients_match_finite_differences(bool gated)
    {
        var p = new Problem(seed: 9, gated);
        var (_, ga, gl) = p.Analytic();
        int[] audioIdx = [.. Enumerable.Range(0, Tiny.AudioWidth)];
        int[] latentIdx = [.. Enumerable.Range(0, Tiny.LatentWidth)];
        double[] fdA = GradientCheck.Central(p.Audio, audioIdx, WeightStep, p.Loss);
        double[] fdL = GradientCheck.Central(p.Latent, latentIdx, WeightStep, p.Loss);
        Assert.True(GradientCheck.WorstRelativeError(ga, audioIdx, fdA) < Tolerance, "audio");
        Assert.True(GradientCheck.WorstRelativeError(gl, latentIdx, fdL) < Tolerance, "latent");
        Assert.Contains(ga, v => v != 0f);
        Assert.Contains(gl, v => v != 0f);
    }

    [Fact]
    public void Backward_adds_into_the_gradients_and_leaves_other_blocks_alone()
    {
        var p = new Problem(seed: 11);
        var (once, onceA, onceL) = p.Analytic();
        var twice = (float[])once.Clone();
        var twiceA = (float[])onceA.Clone();
        var twiceL = (float[])onceL.Clone();
        new HeadFieldBackward(p.Field).Backward(p.Parameters, p.Blocks, p.Batch, p.WSigma, p.WRgb, p.WCoord, p.WGate, twice, twiceA, twiceL);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2f * once[i], twice[i], 1e-5f * (1 + MathF.Abs(once[i])));
        for (int i = 0; i < onceA.Length; i++) Assert.Equal(2f * onceA[i], twiceA[i], 1e-5f * (1 + MathF.Abs(onceA[i])));
        // The latents block is not the field's business (the trainer scatters gradLatent into the frame's row).
        Assert.All(once.AsSpan(p.Blocks.Latents.Offset, p.Blocks.Latents.Count).ToArray(), v => Assert.Equal(0f, v));
    }

    private static ParameterBlock BlockOf(HeadParameters b, string name) => name switch
    {
        HeadParameters.SpatialGridName => b.SpatialGrid,
        HeadParameters.AmbientGridName => b.AmbientGrid,
        HeadParameters.AmbientMlpName => b.AmbientMlp,
        HeadParameters.SigmaMlpName => b.SigmaMlp,
        _ => b.ColorMlp,
    };
}
