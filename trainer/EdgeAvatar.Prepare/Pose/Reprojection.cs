namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Projection of a head-frame point through a <see cref="FramePose"/> and <see cref="FocalIntrinsics"/>, with the
/// derivatives the solvers need. Pose derivatives follow <see cref="FramePose.Step"/> (rotation perturbed on the
/// left: exp(dw) R X ~ R X + dw x (R X)); the focal derivative is with respect to log f, which keeps the focal
/// positive and makes its step scale-free.
/// </summary>
internal static class Reprojection
{
    /// <summary>Smallest camera depth (world units, 2.5 mm) treated as in front of the camera.</summary>
    public const double MinDepth = 0.01;

    /// <summary>
    /// Projects <paramref name="x"/>; returns false (outputs undefined) if it lies behind or at the camera.
    /// jPose: 12 values, row u then row v, columns (dw, dt). jPoint: 6 values, row u then row v, d/dX_world.
    /// jLogF: (du, dv)/d log f.
    /// </summary>
    public static bool Linearise(in FramePose pose, Vec3d x, in FocalIntrinsics cam, out double u, out double v,
        Span<double> jPose, Span<double> jPoint, out double juLogF, out double jvLogF)
    {
        var q = pose.Rotation * x;
        var pc = q + pose.Translation;
        if (!(pc.Z > MinDepth)) { u = v = juLogF = jvLogF = 0; return false; }
        double iz = 1 / pc.Z, f = cam.Focal;
        double xn = pc.X * iz, yn = pc.Y * iz;
        u = f * xn + cam.Cx;
        v = f * yn + cam.Cy;
        juLogF = f * xn;
        jvLogF = f * yn;
        // d(u,v)/d pc.
        double a0 = f * iz, a2 = -f * xn * iz; // du = a0 dX + a2 dZ
        double b1 = f * iz, b2 = -f * yn * iz; // dv = b1 dY + b2 dZ
        // d pc / d dw = -[q]x = [[0, qz, -qy], [-qz, 0, qx], [qy, -qx, 0]].
        jPose[0] = a2 * q.Y; jPose[1] = a0 * q.Z - a2 * q.X; jPose[2] = -a0 * q.Y;
        jPose[3] = a0; jPose[4] = 0; jPose[5] = a2;
        jPose[6] = -b1 * q.Z + b2 * q.Y; jPose[7] = -b2 * q.X; jPose[8] = b1 * q.X;
        jPose[9] = 0; jPose[10] = b1; jPose[11] = b2;
        if (!jPoint.IsEmpty)
        {
            var r = pose.Rotation;
            jPoint[0] = a0 * r.M00 + a2 * r.M20; jPoint[1] = a0 * r.M01 + a2 * r.M21; jPoint[2] = a0 * r.M02 + a2 * r.M22;
            jPoint[3] = b1 * r.M10 + b2 * r.M20; jPoint[4] = b1 * r.M11 + b2 * r.M21; jPoint[5] = b1 * r.M12 + b2 * r.M22;
        }
        return true;
    }

    /// <summary>Robust weighted cost of one frame (sum over landmarks of weight * Huber(error)); +inf if any
    /// landmark with nonzero weight falls behind the camera.</summary>
    public static double FrameCost(in FramePose pose, ReadOnlySpan<Vec3d> shape, ReadOnlySpan<float> obs,
        ReadOnlySpan<double> weights, in FocalIntrinsics cam, double huber)
    {
        double cost = 0;
        for (int k = 0; k < shape.Length; k++)
        {
            if (weights[k] == 0) continue;
            var pc = pose.Apply(shape[k]);
            if (!(pc.Z > MinDepth)) return double.PositiveInfinity;
            var (u, v) = cam.Project(pc);
            double du = u - obs[2 * k], dv = v - obs[2 * k + 1];
            cost += weights[k] * RobustLoss.Cost(Math.Sqrt(du * du + dv * dv), huber);
        }
        return cost;
    }
}
