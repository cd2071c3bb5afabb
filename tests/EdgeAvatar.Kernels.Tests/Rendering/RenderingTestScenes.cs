using System.Numerics;
using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Kernels.Tests.Rendering;

/// <summary>Shared cameras and helpers for the rendering tests.</summary>
internal static class RenderingTestScenes
{
    /// <summary>The frontal camera of CONVENTIONS.md: identity rotation, centre (0, 0, 3.7), 512², f = 1200.</summary>
    public static PinholeCamera Frontal(int size = 512, float focal = 1200f)
        => new(size, size, focal, focal, size / 2f, size / 2f,
            [1, 0, 0, 0,
             0, 1, 0, 0,
             0, 0, 1, 3.7f,
             0, 0, 0, 1]);

    /// <summary>A camera at <paramref name="eye"/> looking at the origin with world +y up (OpenGL axes).</summary>
    public static PinholeCamera LookAtOrigin(Vector3 eye, int size = 64, float focal = 80f)
    {
        Vector3 z = Vector3.Normalize(eye);             // camera +z points away from the target
        Vector3 x = Vector3.Normalize(Vector3.Cross(Vector3.UnitY, z));
        Vector3 y = Vector3.Cross(z, x);
        return new PinholeCamera(size, size, focal, focal, size / 2f, size / 2f,
            [x.X, y.X, z.X, eye.X,
             x.Y, y.Y, z.Y, eye.Y,
             x.Z, y.Z, z.Z, eye.Z,
             0, 0, 0, 1]);
    }

    public static Vector3 At(ReadOnlySpan<float> xyz, int i) => new(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
}
