namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// A double-precision 3-vector. The pose solver works in doubles because Gauss-Newton normal equations square the
/// condition number, and float32 would cost about 3 of the 7 significant digits we have.
/// </summary>
public readonly record struct Vec3d(double X, double Y, double Z)
{
    public static Vec3d Zero => new(0, 0, 0);

    public static Vec3d operator +(Vec3d a, Vec3d b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3d operator -(Vec3d a, Vec3d b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3d operator -(Vec3d a) => new(-a.X, -a.Y, -a.Z);
    public static Vec3d operator *(double s, Vec3d a) => new(s * a.X, s * a.Y, s * a.Z);
    public static Vec3d operator *(Vec3d a, double s) => new(s * a.X, s * a.Y, s * a.Z);

    public double Dot(Vec3d b) => X * b.X + Y * b.Y + Z * b.Z;

    public Vec3d Cross(Vec3d b) => new(Y * b.Z - Z * b.Y, Z * b.X - X * b.Z, X * b.Y - Y * b.X);

    public double Norm => Math.Sqrt(X * X + Y * Y + Z * Z);

    public double this[int i] => i switch { 0 => X, 1 => Y, 2 => Z, _ => throw new ArgumentOutOfRangeException(nameof(i)) };
}
