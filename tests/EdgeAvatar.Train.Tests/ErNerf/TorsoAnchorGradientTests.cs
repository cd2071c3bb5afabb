using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.TestSupport;
using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Tests.AudioNetworks;
using EdgeAvatar.Train.Tests.Torso;
using EdgeAvatar.Train.Torso;
using Xunit.Abstractions;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary>
/// The torso's loss with respect to its anchors, through the whole chain the torso step runs: anchors → projection
/// through each frame's camera (<see cref="AdaptivePoseEncoding"/>) → pose input → frequency encoding → both torso MLPs
/// → rgb, alpha; backward <see cref="TorsoBackward"/>'s pose-input gradient → <see cref="AdaptivePoseEncodingBackward"/>
/// per frame, summed. As in <see cref="TorsoBackwardTests"/>, the loss is Σ r·rgb + Σ q·alpha over 24 points of two
/// frames, and the central differences (step 1e-6) are taken on a float64 forward: the anchors projected in float64
/// here, the torso by <see cref="Float64Torso"/>. Tolerance 1e-3 relative, as there.
/// </summary>
public class TorsoAnchorGradientTests(ITestOutputHelper output)
{
    private const int N = 24;
    private static readonly TorsoConfig Config = TorsoTestData.Tiny with { PoseInput = TorsoConfig.AnchorsPoseInput };

    /// <summary>Two cameras 3 units from the head, turned by different yaws (so the frames' pose inputs differ).</summary>
    private static readonly PinholeCamera[] Cameras = [Camera(0.2f, 0.05f), Camera(-0.35f, -0.1f)];

    private static PinholeCamera Camera(float yaw, float up)
    {
        float c = MathF.Cos(yaw), s = MathF.Sin(yaw);
        float[] c2w = [c, 0, s, 3f * s, 0, 1, 0, up, -s, 0, c, 3f * c, 0, 0, 0, 1];
        return new PinholeCamera(96, 80, 120f, 110f, 47f, 41f, c2w);
    }

    /// <summary>Float64 projection, written from the documented convention (u = fx·x/(−z) + cx, v = fy·y/z + cy).</summary>
    private static void Project64(PinholeCamera cam, double[] anchors, Span<double> pose)
    {
        for (int a = 0; a < anchors.Length / 3; a++)
        {
            double x = 0, y = 0, z = 0;
            for (int d = 0; d < 3; d++)
            {
                double r = anchors[3 * a + d] - cam.Origin[d];
                x += r * cam.AxisX[d];
                y += r * cam.AxisY[d];
                z += r * cam.AxisZ[d];
            }
            double u = cam.Fx * x / -z + cam.Cx, v = cam.Fy * y / z + cam.Cy;
            pose[2 * a] = 2 * u / cam.Width - 1;
            pose[2 * a + 1] = 2 * v / cam.Height - 1;
        }
    }

    [Fact]
    public void Torso_loss_gradient_with_respect_to_the_anchors_matches_float64_central_differences()
    {
        var trainer = new TorsoBackward(Config);
        float[] p = TorsoTestData.Parameters(trainer.Model, 1, 0.5f);
        float[] coords = TorsoTestData.Coords(N, 2);
        int[] frameOf = Enumerable.Range(0, N).Select(i => i % 2).ToArray();
        float[] latents = GradientCheck.RandomVector(2 * Config.LatentWidth, 3, 0.5f);
        float[] r = GradientCheck.RandomVector(3 * N, 4), q = GradientCheck.RandomVector(N, 5);
        float[] track = [1.5f, -2f, 0.5f, 3f, -1f, 0.5f, 2f, -0.5f];
        // Moved off ER-NeRF's start so no two anchors share a coordinate (a swapped index would still show).
        float[] anchors = AdaptivePoseEncoding.ErNerfAnchors.Select((v, i) => v + 0.013f * (i % 5) - 0.02f).ToArray();
        int pw = Config.PoseInputWidth, head = TorsoConfig.PoseWidth;

        // Analytic: the float32 chain the torso step runs.
        var poses = new float[2 * pw];
        for (int f = 0; f < 2; f++)
        {
            AdaptivePoseEncoding.Forward(Cameras[f], anchors, poses.AsSpan(f * pw, head));
            track.AsSpan(4 * f, 4).CopyTo(poses.AsSpan(f * pw + head));
        }
        var rgb = new float[3 * N];
        var alpha = new float[N];
        TorsoTape tape = trainer.Forward(p, coords, frameOf, poses, latents, rgb, alpha);
        var gradPoses = new float[poses.Length];
        trainer.Backward(tape, r, q, new float[p.Length], new float[latents.Length], gradPoses);
        var analytic = new float[anchors.Length];
        for (int f = 0; f < 2; f++)
            AdaptivePoseEncodingBackward.Backward(Cameras[f], anchors, gradPoses.AsSpan(f * pw, head), analytic);

        // Float64 central differences of the same loss.
        double[] p64 = p.Select(v => (double)v).ToArray(), l64 = latents.Select(v => (double)v).ToArray();
        double[] a64 = anchors.Select(v => (double)v).ToArray();
        var oracle = new Float64Torso(trainer.Model);
        double Loss()
        {
            var poses64 = new double[2 * pw];
            for (int f = 0; f < 2; f++)
            {
                Project64(Cameras[f], a64, poses64.AsSpan(f * pw, head));
                for (int i = 0; i < 4; i++) poses64[f * pw + head + i] = track[4 * f + i];
            }
            return oracle.Loss(p64, coords, frameOf, poses64, l64, r, q);
        }
        int[] all = Enumerable.Range(0, anchors.Length).ToArray();
        var fd = new double[all.Length];
        foreach (int i in all)
        {
            double saved = a64[i];
            a64[i] = saved + 1e-6;
            double plus = Loss();
            a64[i] = saved - 1e-6;
            double minus = Loss();
            a64[i] = saved;
            fd[i] = (plus - minus) / 2e-6;
        }
        double worst = GradientCheck.WorstRelativeError(analytic, all, fd);
        double rms = Math.Sqrt(fd.Sum(v => v * v) / fd.Length);
        output.WriteLine($"anchors: rms gradient {rms:E2}, worst error {worst:E2}");
        Assert.True(rms > 1e-4, "the anchors barely move the loss; the test proves nothing");
        Assert.True(worst < 1e-3, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void Track_inputs_get_their_gradient_through_the_track_scale()
    {
        // The pose-input gradient's track part, against float64 central differences of the same oracle.
        var trainer = new TorsoBackward(Config);
        float[] p = TorsoTestData.Parameters(trainer.Model, 1, 0.5f);
        float[] coords = TorsoTestData.Coords(N, 2);
        int[] frameOf = Enumerable.Range(0, N).Select(i => i % 2).ToArray();
        float[] latents = GradientCheck.RandomVector(2 * Config.LatentWidth, 3, 0.5f);
        float[] r = GradientCheck.RandomVector(3 * N, 4), q = GradientCheck.RandomVector(N, 5);
        float[] poses = [0.1f, -0.2f, 0.05f, 0.01f, 0.02f, -0.3f, 1.5f, -2f, 0.5f, 3f,
            -0.1f, 0.15f, 0f, -0.02f, 0.03f, 0.4f, -1f, 0.5f, 2f, -0.5f];
        var gradPoses = new float[poses.Length];
        TorsoTape tape = trainer.Forward(p, coords, frameOf, poses, latents, new float[3 * N], new float[N]);
        trainer.Backward(tape, r, q, new float[p.Length], new float[latents.Length], gradPoses);

        double[] p64 = p.Select(v => (double)v).ToArray(), l64 = latents.Select(v => (double)v).ToArray();
        double[] x = poses.Select(v => (double)v).ToArray();
        var oracle = new Float64Torso(trainer.Model);
        int[] all = Enumerable.Range(0, poses.Length).ToArray();
        var fd = new double[all.Length];
        foreach (int i in all)
        {
            double saved = x[i];
            x[i] = saved + 1e-6;
            double plus = oracle.Loss(p64, coords, frameOf, x, l64, r, q);
            x[i] = saved - 1e-6;
            double minus = oracle.Loss(p64, coords, frameOf, x, l64, r, q);
            x[i] = saved;
            fd[i] = (plus - minus) / 2e-6;
        }
        double worst = GradientCheck.WorstRelativeError(gradPoses, all, fd);
        output.WriteLine($"pose inputs: worst error {worst:E2}");
        Assert.True(worst < 1e-3, $"worst relative error {worst:E2}");
    }
}
