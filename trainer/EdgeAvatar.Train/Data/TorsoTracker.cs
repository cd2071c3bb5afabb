using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// Measures how the torso sits in a frame: the integer-search, sub-pixel-refined shift (dx, dy) of the left and
/// the right half of the torso's textured pixels against a reference frame (<see cref="TorsoConfig.TorsoTrackWidth"/>
/// floats, pixels). The torso network takes them as inputs beside the head pose, the way the head takes its
/// measured pose: the person shifts and breathes in ways the head pose does not predict. Two halves rather than
/// one shift let the network tell a lean from a shrug.
/// <para>Reference pixels: within <see cref="Band"/> px of a torso-labelled pixel of the reference frame (so collar
/// and shoulder edges against the background count), every second row and column, and only where the grey
/// gradient is strong (flat cloth says nothing about motion). Cost: sum of absolute grey differences over those
/// pixels (robust to the pixels a half shares with its neighbour or the head: on a synthetic 3-px shift with a
/// different shift beside it, squared differences measured 2.0 px, absolute ones 3.0), searched exhaustively over
/// ±<see cref="SearchRadius"/> px; then <see cref="RefineIterations"/> Lucas–Kanade steps (bilinear samples, the
/// reference's gradient) from the best whole shift. Three-point fits through the costs were tried first and
/// missed a synthetic 1.5-px shift by a quarter pixel either way (parabola 1.25, V 1.77). A refinement that leaves
/// the ±1 px around the whole shift is dropped, and a shift at the search bound is reported as the bound.</para>
/// Deterministic and thread-safe after construction.
/// </summary>
public sealed class TorsoTracker
{
    public const int SearchRadius = 16;
    public const int Band = 3;
    public const int RefineIterations = 4;

    /// <summary>Squared central-difference grey gradient (0..255 units) a reference pixel needs.</summary>
    public const float MinGradientSquared = 100f;

    private readonly int _width, _height;
    private readonly float[] _reference;
    private readonly int[][] _halves;
    private readonly float[] _gx, _gy;

    /// <param name="referenceRgb">W × H × 3 RGB24.</param>
    /// <param name="referenceLabels">W × H part labels (<see cref="PartLabels"/>).</param>
    public TorsoTracker(ReadOnlySpan<byte> referenceRgb, ReadOnlySpan<byte> referenceLabels, int width, int height)
    {
        if (referenceRgb.Length != 3 * width * height || referenceLabels.Length != width * height)
            throw new ArgumentException("the reference frame and labels must be W × H × 3 and W × H bytes.");
        _width = width;
        _height = height;
        _reference = Grey(referenceRgb);
        _gx = new float[width * height];
        _gy = new float[width * height];
        var candidates = new List<int>();
        int x0 = width, x1 = -1;
        int m = SearchRadius + 1; // keeps every searched neighbour and the gradient stencil inside the image
        for (int y = m; y < height - m; y += 2)
        {
            for (int x = m; x < width - m; x += 2)
            {
                if (!NearTorso(referenceLabels, x, y)) continue;
                int p = y * width + x;
                float gx = _reference[p + 1] - _reference[p - 1], gy = _reference[p + width] - _reference[p - width];
                if (gx * gx + gy * gy < MinGradientSquared) continue;
                _gx[p] = 0.5f * gx;
                _gy[p] = 0.5f * gy;
                candidates.Add(p);
                x0 = Math.Min(x0, x); x1 = Math.Max(x1, x);
            }
        }
        int mid = (x0 + x1) / 2;
        _halves = [[.. candidates.Where(p => p % width <= mid)], [.. candidates.Where(p => p % width > mid)]];
    }

    /// <summary>Reference pixels per half (left, right); a half with none measures (0, 0).</summary>
    public (int Left, int Right) PixelCounts => (_halves[0].Length, _halves[1].Length);

    /// <summary>Writes (dx, dy) of the left half, then of the right half, of <paramref name="rgb"/>'s torso.</summary>
    public void Measure(ReadOnlySpan<byte> rgb, Span<float> shift)
    {
        if (rgb.Length != 3 * _width * _height)
            throw new ArgumentException($"the frame must be {_width} × {_height} × 3 bytes.", nameof(rgb));
        if (shift.Length != TorsoConfig.TorsoTrackWidth)
            throw new ArgumentException($"shift needs {TorsoConfig.TorsoTrackWidth} floats.", nameof(shift));
        float[] grey = Grey(rgb);
        for (int half = 0; half < 2; half++)
        {
            var (dx, dy) = Search(grey, _halves[half]);
            shift[2 * half] = dx;
            shift[2 * half + 1] = dy;
        }
    }

    /// <summary>Measures every frame (parallel over frames): F × 4 floats.</summary>
    public float[] MeasureAll(IReadOnlyList<byte[]> frames)
    {
        int w = TorsoConfig.TorsoTrackWidth;
        var track = new float[frames.Count * w];
        Parallel.For(0, frames.Count, f => Measure(frames[f], track.AsSpan(f * w, w)));
        return track;
    }

    private (float Dx, float Dy) Search(float[] grey, int[] pixels)
    {
        if (pixels.Length == 0) return (0, 0);
        const int side = 2 * SearchRadius + 1;
        Span<double> cost = stackalloc double[side * side];
        for (int sy = -SearchRadius; sy <= SearchRadius; sy++)
        {
            for (int sx = -SearchRadius; sx <= SearchRadius; sx++)
            {
                int offset = sy * _width + sx;
                double c = 0;
                foreach (int p in pixels) c += MathF.Abs(grey[p + offset] - _reference[p]);
                cost[(sy + SearchRadius) * side + sx + SearchRadius] = c;
            }
        }
        int best = 0;
        for (int i = 1; i < cost.Length; i++)
            if (cost[i] < cost[best]) best = i;
        int bx = best % side - SearchRadius, by = best / side - SearchRadius;
        if (Math.Abs(bx) == SearchRadius || Math.Abs(by) == SearchRadius) return (bx, by);
        return Refine(grey, pixels, bx, by);
    }

    /// <summary>
    /// Gauss–Newton on Σ (I(p + s) − R(p))² with I sampled bilinearly and ∂I/∂s taken as the reference's gradient
    /// (so the 2 × 2 normal matrix is fixed). Starts at the whole shift (bx, by) and stays within ±1 px of it.
    /// </summary>
    private (float Dx, float Dy) Refine(float[] grey, int[] pixels, int bx, int by)
    {
        double hxx = 0, hxy = 0, hyy = 0;
        foreach (int p in pixels)
        {
            hxx += _gx[p] * _gx[p]; hxy += _gx[p] * _gy[p]; hyy += _gy[p] * _gy[p];
        }
        double det = hxx * hyy - hxy * hxy;
        if (!(det > 1e-9 * (hxx + hyy) * (hxx + hyy))) return (bx, by); // one direction has no texture
        double sx = bx, sy = by;
        for (int it = 0; it < RefineIterations; it++)
        {
            double bxSum = 0, bySum = 0;
            foreach (int p in pixels)
            {
                double r = Sample(grey, p % _width + sx, p / _width + sy) - _reference[p];
                bxSum += _gx[p] * r; bySum += _gy[p] * r;
            }
            // Δ = −H⁻¹ b
            sx -= (hyy * bxSum - hxy * bySum) / det;
            sy -= (hxx * bySum - hxy * bxSum) / det;
            if (Math.Abs(sx - bx) > 1 || Math.Abs(sy - by) > 1) return (bx, by);
        }
        return ((float)sx, (float)sy);
    }

    /// <summary>Bilinear sample; the caller keeps (x, y) within the image less one pixel on the far sides.</summary>
    private float Sample(float[] grey, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        int i = y0 * _width + x0;
        float top = grey[i] + fx * (grey[i + 1] - grey[i]);
        float bottom = grey[i + _width] + fx * (grey[i + _width + 1] - grey[i + _width]);
        return top + fy * (bottom - top);
    }

    private bool NearTorso(ReadOnlySpan<byte> labels, int x, int y)
    {
        for (int dy = -Band; dy <= Band; dy += Band)
            for (int dx = -Band; dx <= Band; dx += Band)
                if (labels[(y + dy) * _width + x + dx] == PartLabels.Torso) return true;
        return false;
    }

    private static float[] Grey(ReadOnlySpan<byte> rgb)
    {
        var g = new float[rgb.Length / 3];
        for (int i = 0; i < g.Length; i++)
            g[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2];
        return g;
    }
}
