using EdgeAvatar.Prepare.Detection;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// One fitted set of landmarks in image pixels (x0,y0,x1,y1,...; 68 points in iBUG order for dlib's model), with the
/// box it was fitted in. Coordinates are unrounded; dlib itself reports <see cref="RoundedLikeDlib"/>.
/// </summary>
public sealed class FaceShape
{
    private readonly float[] _xy;

    public FaceShape(float[] xy, FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(xy);
        if (xy.Length == 0 || xy.Length % 2 != 0)
        {
            throw new ArgumentException("Landmark coordinates come in x,y pairs.", nameof(xy));
        }
        _xy = xy;
        Box = box;
    }

    public int Count => _xy.Length / 2;

    /// <summary>The box the shape was fitted in.</summary>
    public FaceBox Box { get; }

    /// <summary>Interleaved x,y coordinates (read-only view).</summary>
    public ReadOnlySpan<float> Coordinates => _xy;

    public float X(int i) => _xy[2 * i];

    public float Y(int i) => _xy[2 * i + 1];

    /// <summary>Integer points as dlib's full_object_detection holds them: floor(v + 0.5).</summary>
    public int[] RoundedLikeDlib()
    {
        var r = new int[_xy.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (int)Math.Floor(_xy[i] + 0.5);
        }
        return r;
    }

    public (float X, float Y) Centroid()
    {
        double sx = 0, sy = 0;
        for (int i = 0; i < Count; i++)
        {
            sx += _xy[2 * i];
            sy += _xy[2 * i + 1];
        }
        return ((float)(sx / Count), (float)(sy / Count));
    }
}
