using System.Numerics;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>Andrew's monotone-chain convex hull.</summary>
public static class ConvexHull
{
    /// <summary>Hull of <paramref name="points"/>, counter-clockwise in a y-up frame, no repeated first point.</summary>
    public static Vector2[] Compute(ReadOnlySpan<Vector2> points)
    {
        var p = points.ToArray();
        if (p.Length < 3)
        {
            return p;
        }
        Array.Sort(p, (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        var hull = new Vector2[2 * p.Length];
        int k = 0;
        for (int i = 0; i < p.Length; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            {
                k--;
            }
            hull[k++] = p[i];
        }
        for (int i = p.Length - 2, t = k + 1; i >= 0; i--)
        {
            while (k >= t && Cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            {
                k--;
            }
            hull[k++] = p[i];
        }
        return hull[..(k - 1)];
    }

    private static float Cross(Vector2 o, Vector2 a, Vector2 b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
}
