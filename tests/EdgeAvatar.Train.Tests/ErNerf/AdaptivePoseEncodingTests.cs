using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary><see cref="AdaptivePoseEncodingBackward"/> against central differences of the forward.</summary>
public class AdaptivePoseEncodingTests
{
    /// <summary>
    /// Anchor gradient of a float64 loss Σ G·output through a rotated, off-centre camera with fx ≠ fy and a
    /// non-square image (so a swapped W/H or fx/fy shows), step 1e-3 world units; the projection is smooth, so the
    /// only error is float32 rounding of u, v (≈ 1e-5 px over a 2e-3 step): tolerance 1e-3. The gradient buffer
    /// starts non-zero to check that it is added.
    /// </summary>
    [Fact]
    public void Anchor_gradient_matches_central_differences()
    {
        // Rotation: yaw 20° then pitch −10° (columns = camera axes in world coordinates), centre off the axis.
        double yaw = 20 * Math.PI / 180, pitch = -10 * Math.PI / 180;
        double[,] ry = { { Math.Cos(yaw), 0, Math.Sin(yaw) }, { 0, 1, 0 }, { -Math.Sin(yaw), 0, Math.Cos(yaw) } };
        double[,] rx = { { 1, 0, 0 }, { 0, Math.Cos(pitch), -Math.Sin(pitch) }, { 0, Math.Sin(pitch), Math.Cos(pitch) } };
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                    r[i, j] += ry[i, k] * rx[k, j];
        double[] centre = [1.3, -0.4, 3.5];
        var c2w = new float[16];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
                c2w[4 * i + j] = (float)r[i, j];
            c2w[4 * i + 3] = (float)centre[i];
        }
        c2w[15] = 1f;
        var camera = new PinholeCamera(640, 480, 900f, 1100f, 330f, 230f, c2w);

        float[] anchors = [.. AdaptivePoseEncoding.ErNerfAnchors, 0.2f, 0.3f, -0.1f];
        float[] outputGrad = GradientCheck.RandomVector(anchors.Length / 3 * 2, 41);
        const float start = 0.5f;
        float[] anchorGrad = Enumerable.Repeat(start, anchors.Length).ToArray();
        AdaptivePoseEncodingBackward.Backward(camera, anchors, outputGrad, anchorGrad);

        var output = new float[outputGrad.Length];
        double Loss()
        {
            AdaptivePoseEncoding.Forward(camera, anchors, output);
            return GradientCheck.Dot(outputGrad, output);
        }
        int[] all = Enumerable.Range(0, anchors.Length).ToArray();
        double[] fd = GradientCheck.Central(anchors, all, 1e-3f, Loss);
        double worst = GradientCheck.WorstRelativeError(anchorGrad.Select(v => v - start).ToArray(), all, fd);
        Assert.True(worst < 1e-3, $"worst relative error {worst:G3}.");
        Assert.True(fd.All(v => Math.Abs(v) > 1e-3), "every anchor coordinate moves a rotated camera's projection");
    }
}
