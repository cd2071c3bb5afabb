using System.Numerics;

namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// A pinhole camera exactly as the dataset stores it (trainer/EdgeAvatar.Prepare/Pose/CONVENTIONS.md):
/// <list type="bullet">
/// <item>intrinsics fx, fy, cx, cy in output pixels with the pixel-corner convention: pixel (x, y) covers
/// [x, x+1)×[y, y+1), so its centre is (x + 0.5, y + 0.5); image v grows downwards; no distortion;</item>
/// <item><c>camera_to_world</c>: 4×4 row-major, last row 0 0 0 1, OpenGL camera axes (x right, y up, the camera
/// looks down its −z); column 3 is the camera centre in world units (head frame, 1 unit = 25 cm).</item>
/// </list>
/// The camera-space direction of image point (u, v) is ((u − cx)/fx, −(v − cy)/fy, −1): the y flip converts image
/// "down" to OpenGL "up", and −1 because the camera looks down −z. This is the inverse of the documented projection
/// p = R X + t; u = f p.x/p.z + cx; v = f p.y/p.z + cy in OpenCV axes (OpenCV = diag(1, −1, −1) · OpenGL).
/// </summary>
public sealed class PinholeCamera
{
    /// <summary>Image width in pixels.</summary>
    public int Width { get; }
    /// <summary>Image height in pixels.</summary>
    public int Height { get; }
    /// <summary>Focal lengths in pixels.</summary>
    public float Fx { get; }
    /// <summary>Focal length along image y in pixels (our datasets have fx = fy).</summary>
    public float Fy { get; }
    /// <summary>Principal point in pixel-corner coordinates (W/2, H/2 in our datasets).</summary>
    public float Cx { get; }
    /// <summary>Principal point y.</summary>
    public float Cy { get; }

    /// <summary>Rotation columns of camera_to_world: the camera's x, y, z axes in world coordinates.</summary>
    public Vector3 AxisX { get; }
    /// <summary>Camera up (OpenGL +y) in world coordinates.</summary>
    public Vector3 AxisY { get; }
    /// <summary>Camera +z in world coordinates; the viewing direction is −AxisZ.</summary>
    public Vector3 AxisZ { get; }
    /// <summary>Camera centre in world coordinates (column 3).</summary>
    public Vector3 Origin { get; }

    /// <summary>Builds a camera; throws on a malformed matrix or non-positive focal length / size.</summary>
    /// <param name="cameraToWorld">16 numbers, row-major, last row 0 0 0 1.</param>
    public PinholeCamera(int width, int height, float fx, float fy, float cx, float cy,
        ReadOnlySpan<float> cameraToWorld)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!(fx > 0f && fy > 0f && float.IsFinite(fx) && float.IsFinite(fy)))
            throw new ArgumentException($"Focal lengths must be positive and finite (fx={fx}, fy={fy}).");
        if (!float.IsFinite(cx) || !float.IsFinite(cy))
            throw new ArgumentException("Principal point must be finite.");
        if (cameraToWorld.Length != 16)
            throw new ArgumentException($"camera_to_world has {cameraToWorld.Length} numbers, not 16.", nameof(cameraToWorld));
        foreach (float v in cameraToWorld)
            if (!float.IsFinite(v)) throw new ArgumentException("camera_to_world has a non-finite entry.", nameof(cameraToWorld));
        if (cameraToWorld[12] != 0f || cameraToWorld[13] != 0f || cameraToWorld[14] != 0f || cameraToWorld[15] != 1f)
            throw new ArgumentException("camera_to_world's last row must be 0 0 0 1.", nameof(cameraToWorld));

        Width = width; Height = height; Fx = fx; Fy = fy; Cx = cx; Cy = cy;
        // Row-major: element (r, c) is at 4r + c; the columns are the images of the camera basis vectors.
        AxisX = new Vector3(cameraToWorld[0], cameraToWorld[4], cameraToWorld[8]);
        AxisY = new Vector3(cameraToWorld[1], cameraToWorld[5], cameraToWorld[9]);
        AxisZ = new Vector3(cameraToWorld[2], cameraToWorld[6], cameraToWorld[10]);
        Origin = new Vector3(cameraToWorld[3], cameraToWorld[7], cameraToWorld[11]);
    }

    /// <summary>
    /// Unit world-space direction through image point (u, v) (pixel-corner coordinates; the centre of pixel (x, y)
    /// is (x + 0.5, y + 0.5)).
    /// </summary>
    public Vector3 Direction(float u, float v)
    {
        float xc = (u - Cx) / Fx, yc = -(v - Cy) / Fy;
        Vector3 d = xc * AxisX + yc * AxisY - AxisZ;
        return Vector3.Normalize(d);
    }

    /// <summary>Unit direction through the centre of pixel (x, y).</summary>
    public Vector3 PixelDirection(int x, int y) => Direction(x + 0.5f, y + 0.5f);

    /// <summary>
    /// Projects a world point to image coordinates (u, v) (pixel-corner convention). Returns false for points not in
    /// front of the camera. Exact inverse of <see cref="Direction"/> for rigid camera_to_world (orthonormal rotation).
    /// </summary>
    public bool Project(Vector3 world, out float u, out float v)
    {
        Vector3 rel = world - Origin;
        // Rotation transpose: camera coordinates are the dot products with the camera axes.
        float x = Vector3.Dot(rel, AxisX), y = Vector3.Dot(rel, AxisY), z = Vector3.Dot(rel, AxisZ);
        if (!(z < 0f)) { u = v = float.NaN; return false; }
        u = Fx * x / -z + Cx;
        v = -Fy * y / -z + Cy;
        return true;
    }
}
