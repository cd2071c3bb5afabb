using System.Numerics;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Landmark-derived regions. All proportions are in face units, so they follow the face's scale and roll:
/// D = brow-to-chin distance (<see cref="FaceLandmarks.FaceHeight"/>), W = jaw width (points 0-16),
/// u = chin-to-brow unit vector ("up"), r = u rotated to image-right.
/// </summary>
public static class FaceRegions
{
    /// <summary>How far the face mask's brow points are raised, in D: covers the forehead, not the hair.</summary>
    public const float FaceMaskBrowLift = 0.3f;

    /// <summary>
    /// Face mask: convex hull of the 68 landmarks plus the brow points raised by <see cref="FaceMaskBrowLift"/> D
    /// (the hull of the landmarks alone stops at the brows and misses the forehead).
    /// </summary>
    public static ByteMap FaceMask(FaceLandmarks lm, int width, int height)
    {
        var pts = new Vector2[FaceLandmarks.PointCount + 10];
        for (int i = 0; i < FaceLandmarks.PointCount; i++)
        {
            pts[i] = lm[i];
        }
        var lift = lm.Up * (FaceMaskBrowLift * lm.FaceHeight);
        for (int i = 0; i < 10; i++)
        {
            pts[FaceLandmarks.PointCount + i] = lm[17 + i] + lift;
        }
        var map = new ByteMap(width, height);
        PolygonFill.Fill(map, ConvexHull.Compute(pts));
        return map;
    }

    /// <summary>
    /// Head oval: the jaw curve 0-16 closed above by its own mirror image about the ear line (the line through
    /// points 0 and 16, perpendicular to u), stretched so the apex lies <paramref name="topAboveBrows"/> D above the
    /// brows (the brief's "extended upward by the brow-to-chin distance" is 1). The polygon is then widened across
    /// the face by <paramref name="widen"/> about the chin-brow axis to take in ears and side hair.
    /// </summary>
    public static Vector2[] HeadOval(FaceLandmarks lm, float topAboveBrows = 1f, float widen = 1.15f)
    {
        Vector2 u = lm.Up, r = new(-u.Y, u.X);
        if (Vector2.Dot(r, lm[16] - lm[0]) < 0)
        {
            r = -r; // r points from jaw point 0 to 16 (image right for a frontal face)
        }
        Vector2 earMid = 0.5f * (lm[0] + lm[16]);
        float chinDepth = Math.Max(1f, Vector2.Dot(earMid - lm.Chin, u));
        float apex = Vector2.Dot(lm.BrowCentre - earMid, u) + topAboveBrows * lm.FaceHeight;
        float stretch = Math.Max(0.5f, apex / chinDepth);
        Vector2 axis = 0.5f * (lm.Chin + lm.BrowCentre);
        var poly = new Vector2[34];
        for (int i = 0; i <= 16; i++)
        {
            Vector2 p = lm[i];
            float below = Vector2.Dot(earMid - p, u); // > 0 under the ear line
            poly[i] = p;
            // Mirror: the point at 'below' under the ear line maps to stretch*below above it (reverse order closes the loop).
            poly[33 - i] = p + u * (below * (1f + stretch));
        }
        for (int i = 0; i < poly.Length; i++)
        {
            float across = Vector2.Dot(poly[i] - axis, r);
            poly[i] += r * (across * (widen - 1f));
        }
        return poly;
    }

    /// <summary>
    /// A conservative "where the person may be" region: a widened head oval plus a torso fan that starts at nose
    /// level with half-width 0.6 W and opens to 2.5 W half-width at 0.3 D below the chin, then continues to the
    /// frame bottom. Used to pick pixels that are surely background (plate estimation, noise estimation); it
    /// deliberately over-covers, since a wrong exclusion only costs observed plate pixels.
    /// </summary>
    public static ByteMap PersonPrior(FaceLandmarks lm, int width, int height)
    {
        var map = new ByteMap(width, height);
        PolygonFill.Fill(map, HeadOval(lm, topAboveBrows: 1.2f, widen: 1.45f));
        Vector2 u = lm.Up, r = new(-u.Y, u.X);
        if (Vector2.Dot(r, lm[16] - lm[0]) < 0)
        {
            r = -r;
        }
        float d = lm.FaceHeight, w = lm.FaceWidth;
        Vector2 c = lm.Chin;
        float far = 4f * (width + height); // well past any frame border
        Vector2[] torso =
        [
            c + u * (0.5f * d) - r * (0.6f * w),
            c - u * (0.3f * d) - r * (2.5f * w),
            c - u * far - r * (2.5f * w + far),
            c - u * far + r * (2.5f * w + far),
            c - u * (0.3f * d) + r * (2.5f * w),
            c + u * (0.5f * d) + r * (0.6f * w),
        ];
        PolygonFill.Fill(map, torso);
        return map;
    }
}
