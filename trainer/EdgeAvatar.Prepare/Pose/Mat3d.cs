namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// A double-precision 3x3 matrix, row-major (M01 = row 0, column 1). Used for rotations: the helpers
/// <see cref="Exp"/> and <see cref="Log"/> map between SO(3) and axis-angle vectors (angle = norm, in radians).
/// </summary>
public readonly record struct Mat3d(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    public static Mat3d Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static Mat3d Diagonal(double a, double b, double c) => new(a, 0, 0, 0, b, 0, 0, 0, c);

    public static Mat3d FromRows(Vec3d r0, Vec3d r1, Vec3d r2) =>
        new(r0.X, r0.Y, r0.Z, r1.X, r1.Y, r1.Z, r2.X, r2.Y, r2.Z);

    public Vec3d Row0 => new(M00, M01, M02);
    public Vec3d Row1 => new(M10, M11, M12);
    public Vec3d Row2 => new(M20, M21, M22);

    public double this[int r, int c] => (r * 3 + c) switch
    {
        0 => M00, 1 => M01, 2 => M02, 3 => M10, 4 => M11, 5 => M12, 6 => M20, 7 => M21, 8 => M22,
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public Mat3d Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    public static Vec3d operator *(Mat3d m, Vec3d v) => new(
        m.M00 * v.X + m.M01 * v.Y + m.M02 * v.Z,
        m.M10 * v.X + m.M11 * v.Y + m.M12 * v.Z,
        m.M20 * v.X + m.M21 * v.Y + m.M22 * v.Z);

    public static Mat3d operator *(Mat3d a, Mat3d b) => new(
        a.M00 * b.M00 + a.M01 * b.M10 + a.M02 * b.M20,
        a.M00 * b.M01 + a.M01 * b.M11 + a.M02 * b.M21,
        a.M00 * b.M02 + a.M01 * b.M12 + a.M02 * b.M22,
        a.M10 * b.M00 + a.M11 * b.M10 + a.M12 * b.M20,
        a.M10 * b.M01 + a.M11 * b.M11 + a.M12 * b.M21,
        a.M10 * b.M02 + a.M11 * b.M12 + a.M12 * b.M22,
        a.M20 * b.M00 + a.M21 * b.M10 + a.M22 * b.M20,
        a.M20 * b.M01 + a.M21 * b.M11 + a.M22 * b.M21,
        a.M20 * b.M02 + a.M21 * b.M12 + a.M22 * b.M22);

    /// <summary>Rodrigues' formula: the rotation by |w| radians about w. Uses the Taylor series near 0 so that
    /// tiny Gauss-Newton steps stay exact to rounding.</summary>
    public static Mat3d Exp(Vec3d w)
    {
        double th2 = w.Dot(w);
        double a, b;
        if (th2 < 1e-12) { a = 1 - th2 / 6; b = 0.5 - th2 / 24; }
        else
        {
            double th = Math.Sqrt(th2);
            a = Math.Sin(th) / th;
            b = (1 - Math.Cos(th)) / th2;
        }
        // R = I + a [w]x + b [w]x^2, with [w]x^2 = w w^T - |w|^2 I.
        return new Mat3d(
            1 + b * (w.X * w.X - th2), -a * w.Z + b * w.X * w.Y, a * w.Y + b * w.X * w.Z,
            a * w.Z + b * w.X * w.Y, 1 + b * (w.Y * w.Y - th2), -a * w.X + b * w.Y * w.Z,
            -a * w.Y + b * w.X * w.Z, a * w.X + b * w.Y * w.Z, 1 + b * (w.Z * w.Z - th2));
    }

    /// <summary>Inverse of <see cref="Exp"/> for a rotation matrix; returns the vector with angle in [0, pi].
    /// Head rotations relative to a clip's mean stay far below pi, where this map is smooth.</summary>
    public Vec3d Log()
    {
        double cos = Math.Clamp((M00 + M11 + M22 - 1) * 0.5, -1.0, 1.0);
        var v = new Vec3d(M21 - M12, M02 - M20, M10 - M01); // = 2 sin(th) * axis
        double th = Math.Acos(cos);
        if (th < 1e-6) return 0.5 * v;
        if (Math.PI - th > 1e-4) return (th / (2 * Math.Sin(th))) * v;
        // Near pi the antisymmetric part vanishes; read the axis from the symmetric part instead.
        double xx = Math.Sqrt(Math.Max(0, (M00 + 1) * 0.5)), yy = Math.Sqrt(Math.Max(0, (M11 + 1) * 0.5)),
            zz = Math.Sqrt(Math.Max(0, (M22 + 1) * 0.5));
        Vec3d axis = xx >= yy && xx >= zz ? new Vec3d(xx, (M01 + M10) / (4 * xx), (M02 + M20) / (4 * xx))
            : yy >= zz ? new Vec3d((M01 + M10) / (4 * yy), yy, (M12 + M21) / (4 * yy))
            : new Vec3d((M02 + M20) / (4 * zz), (M12 + M21) / (4 * zz), zz);
        return (th / axis.Norm) * axis;
    }

    /// <summary>Re-orthonormalises a nearly-rotation matrix (Gram-Schmidt on rows 0 and 1, row 2 = row0 x row1),
    /// keeping the determinant at +1. Used after the affine (weak-perspective) initialisation.</summary>
    public static Mat3d OrthonormalFromRows(Vec3d r0, Vec3d r1)
    {
        // Symmetric Gram-Schmidt: split the error between the two rows so neither is privileged.
        var a = (1 / r0.Norm) * r0;
        var b = (1 / r1.Norm) * r1;
        var bis = a + b; var dif = a - b;
        bis = (1 / bis.Norm) * bis; dif = (1 / dif.Norm) * dif;
        var x = Math.Sqrt(0.5) * (bis + dif);
        var y = Math.Sqrt(0.5) * (bis - dif);
        return FromRows(x, y, x.Cross(y));
    }
}
