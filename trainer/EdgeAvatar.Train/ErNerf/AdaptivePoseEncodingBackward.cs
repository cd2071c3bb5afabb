using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.ErNerf;

namespace EdgeAvatar.Train.ErNerf;

/// <summary>
/// Backward of <see cref="AdaptivePoseEncoding.Forward"/> with respect to the anchors. With r = X − O and camera
/// coordinates x = r·A_x, y = r·A_y, z = r·A_z (A the camera's axes in world coordinates, z &lt; 0 in front):
/// u = fx·x/(−z) + cx, v = fy·y/z + cy, so
/// ∂u/∂X = (−fx/z)·(A_x − (x/z)·A_z) and ∂v/∂X = (fy/z)·(A_y − (y/z)·A_z);
/// the outputs are 2u/W − 1 and 2v/H − 1, so dL/dX += (2/W)·G_u·∂u/∂X + (2/H)·G_v·∂v/∂X.
/// Computed in float64 from the float32 camera; the anchor gradient is <b>added</b> (summed over a step's frames).
/// </summary>
public static class AdaptivePoseEncodingBackward
{
    /// <param name="camera">The frame's camera, as given to the forward.</param>
    /// <param name="anchors">K × 3.</param>
    /// <param name="outputGrad">dL/d(output), K × 2.</param>
    /// <param name="anchorGrad">K × 3; <b>added</b>.</param>
    public static void Backward(PinholeCamera camera, ReadOnlySpan<float> anchors, ReadOnlySpan<float> outputGrad,
        Span<float> anchorGrad)
    {
        ArgumentNullException.ThrowIfNull(camera);
        int k = AdaptivePoseEncoding.AnchorCount(anchors);
        if (outputGrad.Length != 2 * k)
            throw new ArgumentException($"outputGrad has {outputGrad.Length} floats; {k} anchors need {2 * k}.", nameof(outputGrad));
        if (anchorGrad.Length != anchors.Length)
            throw new ArgumentException($"anchorGrad has {anchorGrad.Length} floats; expected {anchors.Length}.", nameof(anchorGrad));
        double[] ax = [camera.AxisX.X, camera.AxisX.Y, camera.AxisX.Z];
        double[] ay = [camera.AxisY.X, camera.AxisY.Y, camera.AxisY.Z];
        double[] az = [camera.AxisZ.X, camera.AxisZ.Y, camera.AxisZ.Z];
        double[] origin = [camera.Origin.X, camera.Origin.Y, camera.Origin.Z];
        for (int a = 0; a < k; a++)
        {
            double x = 0, y = 0, z = 0;
            for (int d = 0; d < 3; d++)
            {
                double r = anchors[3 * a + d] - origin[d];
                x += r * ax[d];
                y += r * ay[d];
                z += r * az[d];
            }
            if (!(z < 0))
                throw new InvalidOperationException($"anchor {a} is not in front of the camera.");
            double gu = outputGrad[2 * a] * 2.0 / camera.Width, gv = outputGrad[2 * a + 1] * 2.0 / camera.Height;
            double su = -camera.Fx / z, sv = camera.Fy / z;
            for (int d = 0; d < 3; d++)
            {
                double du = su * (ax[d] - x / z * az[d]);
                double dv = sv * (ay[d] - y / z * az[d]);
                anchorGrad[3 * a + d] += (float)(gu * du + gv * dv);
            }
        }
    }
}
