using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// Sample points for the head field's gradient checks: positions inside the middle 90 % of the box on every axis
/// (never on a face, where a grid cell boundary could sit), point i on ray i mod rays, and unit ray directions
/// looking roughly down −z. Drawn from <paramref name="rng"/> in a fixed order, so a test's case is its seed.
/// </summary>
internal static class RandomHeadSamples
{
    public static void Fill(Random rng, Aabb box, float[] positions, int[] rayIndex, float[] directions)
    {
        int points = rayIndex.Length, rays = directions.Length / 3;
        for (int i = 0; i < points; i++)
        {
            positions[3 * i] = box.Min.X + (float)(0.05 + 0.9 * rng.NextDouble()) * box.Size.X;
            positions[3 * i + 1] = box.Min.Y + (float)(0.05 + 0.9 * rng.NextDouble()) * box.Size.Y;
            positions[3 * i + 2] = box.Min.Z + (float)(0.05 + 0.9 * rng.NextDouble()) * box.Size.Z;
            rayIndex[i] = i % rays;
        }
        for (int r = 0; r < rays; r++)
        {
            double x = rng.NextDouble() - 0.5, y = rng.NextDouble() - 0.5, z = -1, n = Math.Sqrt(x * x + y * y + z * z);
            directions[3 * r] = (float)(x / n); directions[3 * r + 1] = (float)(y / n); directions[3 * r + 2] = (float)(z / n);
        }
    }
}
