using System.Numerics;

namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Camera rays for pixel centres: a rectangle of interest (ROI) or an arbitrary pixel subset (training batches).
/// Output layout (shared with <see cref="RayMarcher"/>): origins and directions as N × 3 floats, ray-major, directions
/// unit length, so the ray parameter t is a world distance and RAD-NeRF's step 2√3/128 means the same on every ray.
/// </summary>
public static class RayGenerator
{
    private const int ChunkRays = 4096;

    /// <summary>Rays of the ROI [x0, x0+w) × [y0, y0+h), row-major (ray index = row·w + column).</summary>
    public static void Roi(PinholeCamera camera, int x0, int y0, int w, int h, Span<float> origins, Span<float> directions)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > camera.Width || y0 + h > camera.Height)
            throw new ArgumentOutOfRangeException(nameof(w), $"ROI ({x0},{y0},{w},{h}) is not inside the {camera.Width}×{camera.Height} image.");
        int n = w * h;
        CheckOutputs(n, origins, directions);
        Fill(n, origins, directions, i => camera.PixelDirection(x0 + i % w, y0 + i / w), camera.Origin);
    }

    /// <summary>Rays of the whole image, row-major.</summary>
    public static void Image(PinholeCamera camera, Span<float> origins, Span<float> directions)
        => Roi(camera, 0, 0, camera.Width, camera.Height, origins, directions);

    /// <summary>Rays of selected pixels; pixel index = y·Width + x (the dataset's plane layout).</summary>
    public static void Pixels(PinholeCamera camera, ReadOnlySpan<int> pixelIndices, Span<float> origins, Span<float> directions)
    {
        ArgumentNullException.ThrowIfNull(camera);
        int n = pixelIndices.Length, width = camera.Width, count = camera.Width * camera.Height;
        CheckOutputs(n, origins, directions);
        int[] indices = pixelIndices.ToArray();
        foreach (int p in indices)
            if ((uint)p >= (uint)count) throw new ArgumentOutOfRangeException(nameof(pixelIndices), $"Pixel index {p} is outside the image.");
        Fill(n, origins, directions, i => camera.PixelDirection(indices[i] % width, indices[i] / width), camera.Origin);
    }

    private static void CheckOutputs(int n, Span<float> origins, Span<float> directions)
    {
        if (origins.Length != 3L * n) throw new ArgumentException($"origins needs {3L * n} floats, has {origins.Length}.", nameof(origins));
        if (directions.Length != 3L * n) throw new ArgumentException($"directions needs {3L * n} floats, has {directions.Length}.", nameof(directions));
    }

    private static unsafe void Fill(int n, Span<float> origins, Span<float> directions, Func<int, Vector3> dir, Vector3 origin)
    {
        fixed (float* op = origins)
        fixed (float* dp = directions)
        {
            nint o = (nint)op, d = (nint)dp;
            int chunks = (n + ChunkRays - 1) / ChunkRays;
            Parallel.For(0, chunks, c =>
            {
                float* oo = (float*)o, dd = (float*)d;
                int end = Math.Min(n, (c + 1) * ChunkRays);
                for (int i = c * ChunkRays; i < end; i++)
                {
                    Vector3 v = dir(i);
                    oo[3 * i] = origin.X; oo[3 * i + 1] = origin.Y; oo[3 * i + 2] = origin.Z;
                    dd[3 * i] = v.X; dd[3 * i + 1] = v.Y; dd[3 * i + 2] = v.Z;
                }
            });
        }
    }
}
