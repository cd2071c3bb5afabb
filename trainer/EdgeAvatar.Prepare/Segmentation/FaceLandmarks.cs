using System.Numerics;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// 68 face landmarks in iBUG order (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, outer lips 48-59,
/// inner lips 60-67), pixel coordinates, stored x0,y0,x1,y1,... Invariant: 136 finite values.
/// Also derives the face geometry the segmentation needs (up direction, face height, lips box, eye openness).
/// </summary>
public sealed class FaceLandmarks
{
    public const int PointCount = 68;

    /// <summary>The inner lips, points 60-67: the outline of the gap between the lips.</summary>
    public const int InnerLipsFirst = 60, InnerLipsLast = 67;

    /// <summary>
    /// Smallest and largest x and y of points <paramref name="first"/>..<paramref name="last"/> inclusive of a landmark set
    /// stored x0,y0,x1,y1,... (<paramref name="xy"/>: at least 2 (last + 1) floats). Not checked for finiteness: Math.Min
    /// and Math.Max pass a NaN coordinate on, so a caller that can meet one checks the result.
    /// </summary>
    public static (float MinX, float MinY, float MaxX, float MaxY) Bounds(ReadOnlySpan<float> xy, int first, int last)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        for (int i = first; i <= last; i++)
        {
            minX = Math.Min(minX, xy[2 * i]);
            maxX = Math.Max(maxX, xy[2 * i]);
            minY = Math.Min(minY, xy[2 * i + 1]);
            maxY = Math.Max(maxY, xy[2 * i + 1]);
        }
        return (minX, minY, maxX, maxY);
    }

    private readonly float[] _xy;

    /// <summary>Copies <paramref name="xy"/> (length 136); throws a data error when it is malformed.</summary>
    public FaceLandmarks(ReadOnlySpan<float> xy)
    {
        if (xy.Length != PointCount * 2)
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"Expected {PointCount * 2} landmark coordinates (68 points), got {xy.Length}.");
        }
        foreach (float v in xy)
        {
            if (!float.IsFinite(v))
            {
                throw new EdgeAvatarException(ExitCodes.DataError, "Landmark coordinates must be finite.");
            }
        }
        _xy = xy.ToArray();
        if (FaceHeight < 1f)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, "Degenerate landmarks: brows and chin coincide.");
        }
    }

    public Vector2 this[int i] => new(_xy[2 * i], _xy[2 * i + 1]);

    public ReadOnlySpan<float> Coordinates => _xy;

    /// <summary>Chin (point 8).</summary>
    public Vector2 Chin => this[8];

    /// <summary>Mean of the ten brow points 17-26.</summary>
    public Vector2 BrowCentre => Mean(17, 26);

    /// <summary>Brow-to-chin distance: the face height unit every proportion below is expressed in.</summary>
    public float FaceHeight => Vector2.Distance(BrowCentre, Chin);

    /// <summary>Distance between the jaw ends (points 0 and 16): the face width.</summary>
    public float FaceWidth => Vector2.Distance(this[0], this[16]);

    /// <summary>Unit vector from the chin towards the brows ("up" in face coordinates, handles head roll).</summary>
    public Vector2 Up => Vector2.Normalize(BrowCentre - Chin);

    /// <summary>Mean of points <paramref name="first"/>..<paramref name="last"/> inclusive.</summary>
    public Vector2 Mean(int first, int last)
    {
        Vector2 s = Vector2.Zero;
        for (int i = first; i <= last; i++)
        {
            s += this[i];
        }
        return s / (last - first + 1);
    }

    /// <summary>
    /// Eye aspect ratio (Soukupová and Čech): (|p2-p6| + |p3-p5|) / (2 |p1-p4|) per eye (points 36-41 and 42-47),
    /// averaged over both eyes. About 0.25-0.35 for an open eye, below ~0.1 when closed; 0 for a degenerate eye.
    /// </summary>
    public float EyeOpenness() => 0.5f * (EyeAspect(36) + EyeAspect(42));

    private float EyeAspect(int p1)
    {
        float width = Vector2.Distance(this[p1], this[p1 + 3]);
        if (width < 1e-3f)
        {
            return 0f;
        }
        float v = Vector2.Distance(this[p1 + 1], this[p1 + 5]) + Vector2.Distance(this[p1 + 2], this[p1 + 4]);
        return v / (2f * width);
    }

    /// <summary>
    /// The lips box: bounding box of points 48-67 grown by <paramref name="marginFraction"/> of its larger side on
    /// every side, made square (the short side grows about the centre), shifted inside the image where it fits and
    /// finally clipped. Invariant: it contains every lip point that lies inside the image.
    /// </summary>
    public PixelRect LipsBox(int imageWidth, int imageHeight, float marginFraction = 0.15f)
    {
        var (minX, minY, maxX, maxY) = Bounds(_xy, 48, InnerLipsLast);
        float side = Math.Max(maxX - minX, maxY - minY);
        side += 2f * marginFraction * side + 2f; // +2: a pixel of slack each side so rounding never cuts a point
        float cx = 0.5f * (minX + maxX), cy = 0.5f * (minY + maxY);
        int s = (int)MathF.Ceiling(side);
        int x0 = (int)MathF.Floor(cx - 0.5f * s), y0 = (int)MathF.Floor(cy - 0.5f * s);
        // Shift inside the image when the square fits, so the box stays square near the borders.
        if (s <= imageWidth)
        {
            x0 = Math.Clamp(x0, 0, imageWidth - s);
        }
        if (s <= imageHeight)
        {
            y0 = Math.Clamp(y0, 0, imageHeight - s);
        }
        int x1 = Math.Min(x0 + s, imageWidth), y1 = Math.Min(y0 + s, imageHeight);
        x0 = Math.Max(x0, 0);
        y0 = Math.Max(y0, 0);
        return new PixelRect(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }
}
