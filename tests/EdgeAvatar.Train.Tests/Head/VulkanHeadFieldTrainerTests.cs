using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Testing;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Head.Vulkan;
using EdgeAvatar.Train.Tests.AudioNetworks;
using EdgeAvatar.Train.Kernels.Optimizers;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// The GPU trainer's head field (forward, hand-written backward, device Adam on the grids) against the C# reference
/// (<see cref="HeadField"/>, <see cref="HeadFieldBackward"/> — itself checked against finite differences — and
/// <see cref="CpuAdam"/>) on a tiny head with rough grids, several chunks and the ambient regulariser on.
/// The GPU sums with float atomics in another order, so blocks are compared to 1e-3 of their largest entry.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class VulkanHeadFieldTrainerTests
{
    private const int Points = 150, Rays = 12, Chunk = 64; // three chunks, the last one partial

    private sealed class Case
    {
        public readonly HeadModelConfig Config;
        public readonly HeadParameters Blocks;
        public readonly float[] Parameters, Positions = new float[3 * Points], Directions = new float[3 * Rays];
        public readonly int[] RayIndex = new int[Points];
        public readonly RayRegion[] Regions = new RayRegion[Rays];
        public readonly float[] Audio, Latent, GSigma, GRgb;
        public const float Eye = 0.3f, CoordReg = 0.25f, GateReg = 0.5f, LipsGateReg = 0.75f;

        public Case(bool gated)
        {
            Config = gated ? HeadFieldBackwardTests.Tiny : HeadFieldBackwardTests.TinyUngated;
            var layout = new ParameterLayout();
            Blocks = new HeadParameters(Config, layout, latentRows: 1);
            Parameters = new float[layout.TotalCount];
            AvatarInitializer.Head(Blocks, Parameters, 3);
            var rng = new Random(11);
            foreach (var b in new[] { Blocks.SpatialGrid, Blocks.AmbientGrid })
                for (int i = 0; i < b.Count; i++) Parameters[b.Offset + i] = (float)(rng.NextDouble() * 2 - 1);
            var box = Config.Bounds;
            for (int i = 0; i < Points; i++)
            {
                Positions[3 * i] = box.Min.X + (float)(0.05 + 0.9 * rng.NextDouble()) * box.Size.X;
                Positions[3 * i + 1] = box.Min.Y + (float)(0.05 + 0.9 * rng.NextDouble()) * box.Size.Y;
                Positions[3 * i + 2] = box.Min.Z + (float)(0.05 + 0.9 * rng.NextDouble()) * box.Size.Z;
                RayIndex[i] = i * Rays / Points;
            }
            for (int r = 0; r < Rays; r++)
            {
                var d = System.Numerics.Vector3.Normalize(new((float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f, -1f));
                Directions[3 * r] = d.X; Directions[3 * r + 1] = d.Y; Directions[3 * r + 2] = d.Z;
                Regions[r] = (RayRegion)(r % 3); // face, outside the face, lips
            }
            Audio = GradientCheck.RandomVector(Config.AudioWidth, 5, 2f);
            Latent = GradientCheck.RandomVector(Config.LatentWidth, 6, 1f);
            GSigma = GradientCheck.RandomVector(Points, 7, 0.2f);
            GRgb = GradientCheck.RandomVector(3 * Points, 8);
        }

        /// <summary>The reference: C# forward + backward with the regulariser's terms as the C# pass builds them.</summary>
        public (HeadFieldBatch Batch, float[] P, float[] A, float[] L) Reference()
        {
            var field = new HeadField(Config);
            var batch = new HeadFieldBatch(Config, keepTape: true);
            field.Forward(Parameters, Blocks, Positions, Directions, RayIndex, Audio, Eye, Latent, batch);
            var gCoord = new float[2 * Points];
            var gGate = Config.AudioGate ? new float[Points] : [];
            AmbientRegulariser.Gradients(RayIndex, Regions, batch.AmbientCoord.AsSpan(0, 2 * Points), CoordReg, GateReg,
                LipsGateReg, gCoord, gGate);
            var gp = new float[Parameters.Length];
            var ga = new float[Config.AudioWidth];
            var gl = new float[Config.LatentWidth];
            new HeadFieldBackward(field).Backward(Parameters, Blocks, batch, GSigma, GRgb, gCoord, gGate, gp, ga, gl);
            return (batch, gp, ga, gl);
        }
    }

    /// <param name="chunk">64: three chunks (the backward recomputes the first two, reuses the last); 1024: one chunk,
    /// whose forward intermediates the backward reuses without recomputing.</param>
    [SkippableTheory]
    [InlineData(true, Chunk)]
    [InlineData(false, Chunk)]
    [InlineData(true, 1024)]
    public void Gpu_backward_matches_the_csharp_backward_for_every_block(bool gated, int chunk)
    {
        using var gpu = GpuFixture.Scope();
        var c = new Case(gated);
        var (batch, refP, refA, refL) = c.Reference();

        using var field = new VulkanHeadFieldTrainer(gpu.Device, c.Config, chunkSamples: chunk);
        field.Load(c.Parameters, c.Blocks, new float[c.Parameters.Length], new float[c.Parameters.Length]);
        var sigma = new float[Points];
        var rgb = new float[3 * Points];
        field.Forward(c.Positions, c.RayIndex, c.Directions, c.Audio, Case.Eye, c.Latent, sigma, rgb);
        AssertClose("sigma", batch.Sigma.AsSpan(0, Points), sigma);
        AssertClose("rgb", batch.Rgb.AsSpan(0, 3 * Points), rgb);

        var gp = new float[c.Parameters.Length];
        var ga = new float[c.Config.AudioWidth];
        var gl = new float[c.Config.LatentWidth];
        field.Backward(c.GSigma, c.GRgb, c.Regions, Case.CoordReg, gated ? Case.GateReg : 0f, gated ? Case.LipsGateReg : 0f, gp, ga, gl);
        field.AddGridGradients(gp);
        foreach (var (name, block) in new[] { ("spatial grid", c.Blocks.SpatialGrid), ("ambient grid", c.Blocks.AmbientGrid),
                     ("ambient mlp", c.Blocks.AmbientMlp), ("sigma mlp", c.Blocks.SigmaMlp), ("color mlp", c.Blocks.ColorMlp) })
        {
            Assert.Contains(refP.AsSpan(block.Offset, block.Count).ToArray(), v => v != 0);
            AssertClose(name, refP.AsSpan(block.Offset, block.Count), gp.AsSpan(block.Offset, block.Count));
        }
        AssertClose("audio code", refA, ga);
        AssertClose("latent", refL, gl);
    }

    [SkippableFact]
    public void An_r2talker_head_is_refused_with_exit_69_since_the_backward_kernels_have_no_film()
    {
        using var gpu = GpuFixture.Scope();
        var e = Assert.Throws<Common.EdgeAvatarException>(() => new VulkanHeadFieldTrainer(gpu.Device, HeadModelConfig.QuickR2Talker));
        Assert.Equal(Common.ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("--device cpu", e.Message);
    }

    [SkippableFact]
    public void Device_adam_on_the_grids_equals_the_reference_adam_and_comes_back_to_the_host()
    {
        using var gpu = GpuFixture.Scope();
        var c = new Case(gated: true);
        var (_, refP, _, _) = c.Reference();
        int n = c.Parameters.Length;
        // Non-zero moments on entry, as after a resume.
        float[] m0 = GradientCheck.RandomVector(n, 21, 1e-3f), v0 = GradientCheck.RandomVector(n, 22, 1e-3f).Select(MathF.Abs).ToArray();

        using var field = new VulkanHeadFieldTrainer(gpu.Device, c.Config, chunkSamples: Chunk);
        field.Load(c.Parameters, c.Blocks, m0, v0);
        field.Forward(c.Positions, c.RayIndex, c.Directions, c.Audio, Case.Eye, c.Latent, new float[Points], new float[3 * Points]);
        field.Backward(c.GSigma, c.GRgb, c.Regions, Case.CoordReg, Case.GateReg, Case.LipsGateReg, new float[n], new float[c.Config.AudioWidth], new float[c.Config.LatentWidth]);
        const int step = 3;
        const float lrSpatial = 1e-2f, lrAmbient = 2e-2f;
        field.StepGrids(step, lrSpatial, lrAmbient);
        float[] p = (float[])c.Parameters.Clone(), m = new float[n], v = new float[n];
        field.DownloadGrids(p, m, v);

        float[] expectP = (float[])c.Parameters.Clone(), expectM = (float[])m0.Clone(), expectV = (float[])v0.Clone();
        CpuAdam.Step(new AdamConfig(), [new(c.Blocks.SpatialGrid.Offset, c.Blocks.SpatialGrid.Count, lrSpatial),
            new(c.Blocks.AmbientGrid.Offset, c.Blocks.AmbientGrid.Count, lrAmbient)], step, expectP, refP, expectM, expectV);
        foreach (var block in new[] { c.Blocks.SpatialGrid, c.Blocks.AmbientGrid })
        {
            AssertClose("moment m", expectM.AsSpan(block.Offset, block.Count), m.AsSpan(block.Offset, block.Count));
            AssertClose("moment v", expectV.AsSpan(block.Offset, block.Count), v.AsSpan(block.Offset, block.Count));
            AssertSameUpdate("parameter update", block, c.Parameters, expectP, p);
        }
        // Outside the grids nothing changed on the host.
        Assert.Equal(c.Parameters.AsSpan(c.Blocks.SigmaMlp.Offset, c.Blocks.SigmaMlp.Count).ToArray(),
            p.AsSpan(c.Blocks.SigmaMlp.Offset, c.Blocks.SigmaMlp.Count).ToArray());
    }

    /// <summary>The step <paramref name="block"/> took from <paramref name="before"/>: non-zero in the reference and
    /// the same on the device, to <see cref="AssertClose"/>'s tolerance.</summary>
    internal static void AssertSameUpdate(string what, ParameterBlock block, float[] before, float[] expected, float[] actual)
    {
        var moved = new float[block.Count];
        var expectMoved = new float[block.Count];
        for (int i = 0; i < block.Count; i++)
        {
            moved[i] = actual[block.Offset + i] - before[block.Offset + i];
            expectMoved[i] = expected[block.Offset + i] - before[block.Offset + i];
        }
        Assert.Contains(expectMoved, d => d != 0);
        AssertClose(what, expectMoved, moved);
    }

    internal static void AssertClose(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = 0, worst = 0;
        int at = -1;
        foreach (float e in expected) scale = MathF.Max(scale, MathF.Abs(e));
        for (int i = 0; i < expected.Length; i++)
        {
            float d = MathF.Abs(expected[i] - actual[i]);
            if (d > worst) { worst = d; at = i; }
        }
        Assert.True(worst <= 1e-3f * scale + 1e-7f,
            $"{what}: worst |gpu − reference| {worst:G3} at {at} (reference {expected[Math.Max(at, 0)]:G4}, gpu {actual[Math.Max(at, 0)]:G4}), scale {scale:G3}");
    }
}
