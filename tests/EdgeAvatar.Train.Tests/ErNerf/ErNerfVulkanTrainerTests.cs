using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Testing;
using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Head.Vulkan;
using EdgeAvatar.Train.Init;
using EdgeAvatar.Train.Kernels.Optimizers;
using EdgeAvatar.Train.Tests.AudioNetworks;
using EdgeAvatar.Train.Tests.Head;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary>
/// The GPU trainer on an ernerf head (tri-plane in the grid kernels' plane mode, region attention, the ‖α‖ penalty
/// outside the face) against the C# reference (<see cref="HeadFieldBackward"/>, checked against finite differences
/// in <see cref="ErNerfHeadBackwardTests"/>), over several chunks; then the device Adam on the planes against
/// <see cref="CpuAdam"/>. Float atomics sum in another order: blocks agree to 1e-3 of their largest entry.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class ErNerfVulkanTrainerTests
{
    private const int Points = 150, Rays = 12, Chunk = 64; // three chunks, the last one partial
    private const float Eye = 1.5f, AttentionWeight = 0.5f;

    private static readonly HeadModelConfig Config = ErNerfHeadBackwardTests.Tiny;

    private sealed class Case
    {
        public readonly HeadParameters Blocks;
        public readonly float[] Parameters, Positions = new float[3 * Points], Directions = new float[3 * Rays];
        public readonly int[] RayIndex = new int[Points];
        public readonly RayRegion[] Regions = new RayRegion[Rays];
        public readonly float[] Audio, Latent, GSigma, GRgb;

        public Case()
        {
            var layout = new ParameterLayout();
            Blocks = new HeadParameters(Config, layout, latentRows: 1);
            Parameters = new float[layout.TotalCount];
            AvatarInitializer.Head(Blocks, Parameters, 11);
            var rng = new Random(11);
            var plane = Blocks.TriPlane!;
            for (int i = 0; i < plane.Count; i++) Parameters[plane.Offset + i] = (float)(rng.NextDouble() * 2 - 1);
            RandomHeadSamples.Fill(rng, Config.Bounds, Positions, RayIndex, Directions);
            for (int r = 0; r < Rays; r++) Regions[r] = (RayRegion)(r % 3); // face, outside the face, lips
            Audio = GradientCheck.RandomVector(Config.AudioWidth, 12, 1f);
            Latent = GradientCheck.RandomVector(Config.LatentWidth, 13, 1f);
            GSigma = GradientCheck.RandomVector(Points, 14, 0.2f);
            GRgb = GradientCheck.RandomVector(3 * Points, 15);
        }

        /// <summary>C# forward + backward, with the penalty's per-sample weights as the C# pass builds them.</summary>
        public (HeadFieldBatch Batch, float[] P, float[] A, float[] L) Reference(float attentionWeight)
        {
            var field = new HeadField(Config);
            var batch = new HeadFieldBatch(Config, keepTape: true);
            field.Forward(Parameters, Blocks, Positions, Directions, RayIndex, Audio, Eye, Latent, batch);
            var gNorm = new float[Points];
            AttentionRegulariser.Gradients(RayIndex, Regions, attentionWeight, gNorm);
            var gp = new float[Parameters.Length];
            var ga = new float[Config.AudioWidth];
            var gl = new float[Config.LatentWidth];
            new HeadFieldBackward(field).Backward(Parameters, Blocks, batch, GSigma, GRgb, [], [], gp, ga, gl, gNorm);
            return (batch, gp, ga, gl);
        }
    }

    [SkippableFact]
    public void Gpu_backward_of_an_ernerf_head_matches_the_csharp_backward_for_every_block_with_the_attention_penalty()
    {
        using var gpu = GpuFixture.Scope();
        var c = new Case();
        var (batch, refP, refA, refL) = c.Reference(AttentionWeight);
        // The penalty is part of what is compared: without it the audio attention's gradient is another one.
        var (_, noPenalty, _, _) = c.Reference(0f);
        var att = c.Blocks.AudioAttention!;
        Assert.NotEqual(noPenalty.AsSpan(att.Offset, att.Count).ToArray(), refP.AsSpan(att.Offset, att.Count).ToArray());

        using var field = new VulkanHeadFieldTrainer(gpu.Device, Config, chunkSamples: Chunk);
        field.Load(c.Parameters, c.Blocks, new float[c.Parameters.Length], new float[c.Parameters.Length]);
        var sigma = new float[Points];
        var rgb = new float[3 * Points];
        field.Forward(c.Positions, c.RayIndex, c.Directions, c.Audio, Eye, c.Latent, sigma, rgb);
        VulkanHeadFieldTrainerTests.AssertClose("sigma", batch.Sigma.AsSpan(0, Points), sigma);
        VulkanHeadFieldTrainerTests.AssertClose("rgb", batch.Rgb.AsSpan(0, 3 * Points), rgb);

        var gp = new float[c.Parameters.Length];
        var ga = new float[Config.AudioWidth];
        var gl = new float[Config.LatentWidth];
        float reg = AttentionRegulariser.SampleWeight(c.RayIndex, c.Regions, AttentionWeight);
        Assert.True(reg > 0);
        field.Backward(c.GSigma, c.GRgb, c.Regions, 0f, 0f, 0f, gp, ga, gl, reg);
        field.AddGridGradients(gp);
        foreach (var block in new[] { c.Blocks.TriPlane!, c.Blocks.AudioAttention!, c.Blocks.EyeAttention!, c.Blocks.SigmaMlp, c.Blocks.ColorMlp })
        {
            Assert.Contains(refP.AsSpan(block.Offset, block.Count).ToArray(), v => v != 0);
            VulkanHeadFieldTrainerTests.AssertClose(block.Name, refP.AsSpan(block.Offset, block.Count), gp.AsSpan(block.Offset, block.Count));
        }
        VulkanHeadFieldTrainerTests.AssertClose("audio code", refA, ga);
        VulkanHeadFieldTrainerTests.AssertClose("latent", refL, gl);
    }

    [SkippableFact]
    public void Device_adam_steps_the_planes_as_the_reference_adam_does_and_an_ambient_regulariser_is_refused()
    {
        using var gpu = GpuFixture.Scope();
        var c = new Case();
        var (_, refP, _, _) = c.Reference(AttentionWeight);
        int n = c.Parameters.Length;
        using var field = new VulkanHeadFieldTrainer(gpu.Device, Config, chunkSamples: Chunk);
        field.Load(c.Parameters, c.Blocks, new float[n], new float[n]);
        field.Forward(c.Positions, c.RayIndex, c.Directions, c.Audio, Eye, c.Latent, new float[Points], new float[3 * Points]);
        // RAD-NeRF's ambient terms have no object in this head.
        Assert.Throws<ArgumentException>(() => field.Backward(c.GSigma, c.GRgb, c.Regions, 0.25f, 0f, 0f, new float[n],
            new float[Config.AudioWidth], new float[Config.LatentWidth]));
        field.Backward(c.GSigma, c.GRgb, c.Regions, 0f, 0f, 0f, new float[n], new float[Config.AudioWidth],
            new float[Config.LatentWidth], AttentionRegulariser.SampleWeight(c.RayIndex, c.Regions, AttentionWeight));
        const int step = 2;
        const float lr = 1e-2f;
        field.StepGrids(step, lr, 0f);
        float[] p = (float[])c.Parameters.Clone(), m = new float[n], v = new float[n];
        field.DownloadGrids(p, m, v);

        var plane = c.Blocks.TriPlane!;
        float[] expectP = (float[])c.Parameters.Clone(), expectM = new float[n], expectV = new float[n];
        CpuAdam.Step(new AdamConfig(), [new(plane.Offset, plane.Count, lr)], step, expectP, refP, expectM, expectV);
        VulkanHeadFieldTrainerTests.AssertSameUpdate("plane update", plane, c.Parameters, expectP, p);
        VulkanHeadFieldTrainerTests.AssertClose("moment m", expectM.AsSpan(plane.Offset, plane.Count), m.AsSpan(plane.Offset, plane.Count));
    }
}
