using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Tests.AudioNetworks;
using EdgeAvatar.Train.Torso;
using Xunit.Abstractions;

namespace EdgeAvatar.Train.Tests.Torso;

/// <summary>
/// Finite-difference checks of the torso backward on <see cref="TorsoTestData.Tiny"/> (2 frames, 24 points):
/// loss = Σ r·rgb + Σ q·alpha with random r, q. The float32 forward's rounding noise over a 1e-3 step measured
/// 2e-3 .. 8e-2 of these (small) gradients, so the central differences (step 1e-6) are taken on an independent
/// float64 forward (<see cref="Float64Torso"/>), and the analytic float32 gradients must agree within 1e-3 by
/// <see cref="GradientCheck.WorstRelativeError"/>.
/// </summary>
public class TorsoBackwardTests(ITestOutputHelper output)
{
    private const int N = 24;
    private static readonly int PoseWidth = TorsoTestData.Tiny.PoseInputWidth;

    private sealed class Problem
    {
        public Problem()
        {
            Trainer = new TorsoBackward(TorsoTestData.Tiny);
            P = TorsoTestData.Parameters(Trainer.Model, 1, 0.5f);
            Coords = TorsoTestData.Coords(N, 2);
            FrameOf = Enumerable.Range(0, N).Select(i => i % 2).ToArray();
            // Per frame: head pose (6), then torso shifts in pixels (4), so the latents sit behind the track.
            Poses = [0.1f, -0.2f, 0.05f, 0.01f, 0.02f, -1.2f, 1.5f, -2f, 0.5f, 3f,
                -0.1f, 0.15f, 0f, -0.02f, 0.03f, -1.0f, -1f, 0.5f, 2f, -0.5f];
            Latents = GradientCheck.RandomVector(2 * TorsoTestData.Tiny.LatentWidth, 3, 0.5f);
            R = GradientCheck.RandomVector(3 * N, 4);
            Q = GradientCheck.RandomVector(N, 5);
        }

        public TorsoBackward Trainer { get; }

        public float[] P { get; }

        public float[] Coords { get; }

        public int[] FrameOf { get; }

        public float[] Poses { get; }

        public float[] Latents { get; }

        public float[] R { get; }

        public float[] Q { get; }

        public double[] P64 => P.Select(v => (double)v).ToArray();

        public double[] Latents64 => Latents.Select(v => (double)v).ToArray();

        public double Loss64(double[] p, double[] latents)
            => new Float64Torso(Trainer.Model).Loss(p, Coords, FrameOf, Poses, latents, R, Q);

        public (float[] GradP, float[] GradLatents) Analytic()
        {
            var rgb = new float[3 * N];
            var alpha = new float[N];
            TorsoTape tape = Trainer.Forward(P, Coords, FrameOf, Poses, Latents, rgb, alpha);
            var gp = new float[P.Length];
            var gl = new float[Latents.Length];
            Trainer.Backward(tape, R, Q, gp, gl);
            return (gp, gl);
        }
    }

    private const double Tolerance = 1e-3;

    private double Check(string name, float[] analytic, double[] x, int[] indices, Func<double> loss)
    {
        double[] fd = Central(x, indices, loss);
        double worst = GradientCheck.WorstRelativeError(analytic, indices, fd);
        double rms = Math.Sqrt(fd.Sum(v => v * v) / fd.Length);
        output.WriteLine($"{name}: {indices.Length} checked, rms gradient {rms:E2}, worst error {worst:E2}");
        Assert.True(rms > 1e-4, $"{name}: the gradient is too small to test anything");
        return worst;
    }

    private static double[] Central(double[] x, int[] indices, Func<double> loss)
    {
        var result = new double[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            int i = indices[k];
            double saved = x[i];
            x[i] = saved + 1e-6;
            double plus = loss();
            x[i] = saved - 1e-6;
            double minus = loss();
            x[i] = saved;
            result[k] = (plus - minus) / 2e-6;
        }
        return result;
    }

    [Fact]
    public void Colour_mlp_gradient_matches_finite_differences()
    {
        var pr = new Problem();
        (float[] gp, _) = pr.Analytic();
        double[] p64 = pr.P64;
        TorsoModel m = pr.Trainer.Model;
        int[] idx = Enumerable.Range(m.ColorOffset, m.ColorMlp.ParameterCount).ToArray();
        Assert.True(Check("colour MLP", gp, p64, idx, () => pr.Loss64(p64, pr.Latents64)) < Tolerance);
    }

    [Fact]
    public void Grid_table_gradient_matches_finite_differences()
    {
        var pr = new Problem();
        (float[] gp, _) = pr.Analytic();
        double[] p64 = pr.P64;
        TorsoModel m = pr.Trainer.Model;
        // The 24 points touch few of the table entries: check the touched ones plus a random sample of the rest
        // (which must be exactly zero in both).
        int[] touched = Enumerable.Range(0, m.GridCount).Where(i => gp[i] != 0f).ToArray();
        Assert.True(touched.Length > 50);
        int[] idx = touched.Concat(GradientCheck.Subset(m.GridCount, 40, 6)).Distinct().Order().ToArray();
        Assert.True(Check("grid table", gp, p64, idx, () => pr.Loss64(p64, pr.Latents64)) < Tolerance);
    }

    [Fact]
    public void Deformation_gradient_through_grid_positions_matches_finite_differences()
    {
        var pr = new Problem();
        (float[] gp, _) = pr.Analytic();
        double[] p64 = pr.P64;
        TorsoModel m = pr.Trainer.Model;
        // The deformation MLP only reaches the loss through the grid positions (offset → clamp → grid lookup),
        // so this checks the grid's position gradient and the tanh/clamp chain as well.
        int[] idx = Enumerable.Range(m.DeformOffset, m.DeformMlp.ParameterCount).ToArray();
        Assert.True(Check("deformation MLP", gp, p64, idx, () => pr.Loss64(p64, pr.Latents64)) < Tolerance);
    }

    [Fact]
    public void Latent_gradient_matches_finite_differences()
    {
        var pr = new Problem();
        (_, float[] gl) = pr.Analytic();
        double[] p64 = pr.P64, l64 = pr.Latents64;
        int[] idx = Enumerable.Range(0, gl.Length).ToArray();
        Assert.True(Check("latents", gl, l64, idx, () => pr.Loss64(p64, l64)) < Tolerance);
    }

    [Fact]
    public void Float64_oracle_agrees_with_the_float32_forward()
    {
        var pr = new Problem();
        var rgb = new float[3 * N];
        var alpha = new float[N];
        pr.Trainer.Model.ForwardBatch(pr.P, pr.Coords, pr.FrameOf, pr.Poses, pr.Latents, rgb, alpha, new TorsoForwardState());
        var oracle = new Float64Torso(pr.Trainer.Model);
        int lw = TorsoTestData.Tiny.LatentWidth;
        for (int i = 0; i < N; i++)
        {
            int f = pr.FrameOf[i];
            double[] y = oracle.Point(pr.P64, pr.Coords[2 * i], pr.Coords[2 * i + 1], pr.Poses.AsSpan(PoseWidth * f, PoseWidth).ToArray(),
                pr.Latents64.AsSpan(lw * f, lw).ToArray());
            Assert.Equal(y[0], rgb[3 * i], 1e-5);
            Assert.Equal(y[2], rgb[3 * i + 2], 1e-5);
            Assert.Equal(y[3], alpha[i], 1e-5);
        }
    }

    [Fact]
    public void Trainer_forward_equals_the_render_forward_bit_for_bit()
    {
        var pr = new Problem();
        var rgbT = new float[3 * N];
        var alphaT = new float[N];
        pr.Trainer.Forward(pr.P, pr.Coords, pr.FrameOf, pr.Poses, pr.Latents, rgbT, alphaT);
        int lw = TorsoTestData.Tiny.LatentWidth;
        for (int f = 0; f < 2; f++)
        {
            int[] idx = Enumerable.Range(0, N).Where(i => pr.FrameOf[i] == f).ToArray();
            float[] coords = idx.SelectMany(i => new[] { pr.Coords[2 * i], pr.Coords[2 * i + 1] }).ToArray();
            var rgb = new float[3 * idx.Length];
            var alpha = new float[idx.Length];
            pr.Trainer.Model.Forward(pr.P, coords, pr.Poses.AsSpan(PoseWidth * f, PoseWidth), pr.Latents.AsSpan(lw * f, lw), rgb, alpha);
            for (int k = 0; k < idx.Length; k++)
            {
                Assert.Equal(alphaT[idx[k]], alpha[k]);
                for (int j = 0; j < 3; j++)
                    Assert.Equal(rgbT[3 * idx[k] + j], rgb[3 * k + j]);
            }
        }
    }

    [Fact]
    public void Backward_is_deterministic_and_accumulates()
    {
        var trainer = new TorsoBackward(TorsoConfig.Quick);
        float[] p = TorsoTestData.Parameters(trainer.Model, 9, 0.05f);
        int n = 5000;
        float[] coords = TorsoTestData.Coords(n, 10);
        int[] frameOf = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        float[] poses = GradientCheck.RandomVector(3 * TorsoConfig.Quick.PoseInputWidth, 11, 0.2f);
        float[] latents = GradientCheck.RandomVector(24, 12, 0.2f);
        float[] gr = GradientCheck.RandomVector(3 * n, 13), ga = GradientCheck.RandomVector(n, 14);
        var rgb = new float[3 * n];
        var alpha = new float[n];
        TorsoTape tape = trainer.Forward(p, coords, frameOf, poses, latents, rgb, alpha);
        var g1 = new float[p.Length];
        var l1 = new float[latents.Length];
        trainer.Backward(tape, gr, ga, g1, l1);
        var g2 = new float[p.Length];
        var l2 = new float[latents.Length];
        trainer.Backward(tape, gr, ga, g2, l2);
        Assert.Equal(g1, g2);
        Assert.Equal(l1, l2);
        trainer.Backward(tape, gr, ga, g2, l2);
        // Partial sums are re-associated (g1 + p1 + p2 … rather than 2·(p1 + p2 …)), so compare against the scale.
        float scale = g1.Max(Math.Abs);
        for (int i = 0; i < g1.Length; i++)
            Assert.Equal(2 * g1[i], g2[i], scale * 1e-5f);
        Assert.Contains(l1, v => v != 0f);
    }

    [Fact]
    public void Parameter_groups_cover_every_parameter_once()
    {
        var trainer = new TorsoBackward(TorsoConfig.RadNerf);
        var groups = trainer.ParameterGroups;
        Assert.Single(groups, g => g.IsGrid);
        int next = 0;
        foreach (var g in groups.OrderBy(g => g.Offset))
        {
            Assert.Equal(next, g.Offset);
            next += g.Count;
        }
        Assert.Equal(trainer.Model.ParameterCount, next);
    }

    [Fact]
    public void Backward_rejects_mismatched_buffers()
    {
        var pr = new Problem();
        TorsoTape tape = pr.Trainer.Forward(pr.P, pr.Coords, pr.FrameOf, pr.Poses, pr.Latents, new float[3 * N], new float[N]);
        Assert.Throws<ArgumentException>(() => pr.Trainer.Backward(tape, new float[3 * N], new float[N], new float[3], new float[6]));
        Assert.Throws<ArgumentException>(() => pr.Trainer.Backward(tape, new float[3 * N], new float[N], new float[pr.P.Length], new float[5]));
        Assert.Throws<ArgumentException>(() => pr.Trainer.Forward(pr.P, pr.Coords, [], pr.Poses, pr.Latents, new float[3 * N], new float[N]));
    }
}
