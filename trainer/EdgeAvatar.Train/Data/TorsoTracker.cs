using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// Measures how the torso sits in a frame: the shift (dx, dy) of the left and the right half of the torso's
/// textured pixels against a reference frame (<see cref="TorsoConfig.TorsoTrackWidth"/> floats, pixels). The torso
/// network takes them as inputs beside the head pose, the way the head takes its measured pose: the person shifts
/// and breathes in ways the head pose does not predict. Two halves rather than one shift let the network tell a
/// lean from a shrug.
/// <para>Reference pixels: within <see cref="Band"/> px of a torso-labelled pixel of the reference frame (so collar
/// and shoulder edges against the background count), every second row and column, and only where the grey
/// gradient is strong (flat cloth says nothing about motion).</para>
/// <para>Search, per half: the sum of absolute grey differences over those pixels (robust to pixels a half shares
/// with its neighbour or the head: on a synthetic 3-px shift with another shift beside it, squared differences
/// measured 2.0 px, absolute ones 3.0), first exhaustively over ±<see cref="CoarseRadius"/> px of a half-size image,
/// then over ±<see cref="FineRadius"/> px around that at full size, then <see cref="RefineIterations"/> Lucas–Kanade
/// steps (bilinear samples, the reference's gradient). Over the 71-s clip the anchor's torso moves more than 16 px
/// from the reference in a quarter of the frames, which a full-size ±16 search clipped; the half-size stage reaches
/// ±<see cref="Reach"/> px for the same cost. Three-point fits through the costs instead of Lucas–Kanade missed a
/// synthetic 1.5-px shift by a quarter pixel either way (parabola 1.25, V 1.77). A refinement that leaves the ±1 px
/// around the best whole shift is dropped; a shift beyond ±<see cref="Reach"/> px reads as about the bound.</para>
/// Deterministic and thread-safe after construction.
/// </summary>
public sealed class TorsoTracker
{
    /// <summary>Search radius of the half-size stage, in half-size pixels.</summary>
    public const int CoarseRadius = 16;

    /// <summary>Search radius of the full-size stage around twice the coarse shift.</summary>
    public const int FineRadius = 2;

    /// <summary>Largest shift measured, in pixels.</summary>
    public const int Reach = 2 * CoarseRadius + FineRadius;

    public const int Band = 3;
    public const int RefineIterations = 4;

    /// <summary>Squared central-difference grey gradient (0..255 units) a reference pixel needs.</summary>
    public const float MinGradientSquared = 100f;

    private const int FullPad = Reach + 2, HalfPad = CoarseRadius + 1;

    private readonly int _width, _height;
    private readonly PaddedGrey _reference, _referenceHalf;
    private readonly Region[] _halves;

    /// <summary>One half's reference pixels: positions, padded indices at both sizes, and reference gradients.</summary>
    private sealed record Region(int[] X, int[] Y, int[] Full, int[] Coarse, float[] Gx, float[] Gy);

    /// <param name="referenceRgb">W × H × 3 RGB24.</param>
    /// <param name="referenceLabels">W × H part labels (<see cref="PartLabels"/>).</param>
    public TorsoTracker(ReadOnlySpan<byte> referenceRgb, ReadOnlySpan<byte> referenceLabels, int width, int height)
    {
        if (referenceRgb.Length != 3 * width * height || referenceLabels.Length != width * height)
            throw new ArgumentException("the reference frame and labels must be W × H × 3 and W × H bytes.");
        _width = width;
        _height = height;
        _reference = PaddedGrey.FromRgb(referenceRgb, width, height, FullPad);
        _referenceHalf = _reference.Half(HalfPad);
        var picked = new List<(int X, int Y, float Gx, float Gy)>();
        int x0 = width, x1 = -1;
        // Even coordinates only: each maps to exactly one half-size pixel (x/2, y/2).
        for (int y = 2; y < height - 2; y += 2)
        {
            for (int x = 2; x < width - 2; x += 2)
            {
                if (!NearTorso(referenceLabels, x, y)) continue;
                int p = _reference.Index(x, y);
                float gx = 0.5f * (_reference.Pixels[p + 1] - _reference.Pixels[p - 1]);
                float gy = 0.5f * (_reference.Pixels[p + _reference.Stride] - _reference.Pixels[p - _reference.Stride]);
                if (4 * (gx * gx + gy * gy) < MinGradientSquared) continue;
                picked.Add((x, y, gx, gy));
                x0 = Math.Min(x0, x); x1 = Math.Max(x1, x);
            }
        }
        int mid = (x0 + x1) / 2;
        _halves = [MakeHalf(picked.Where(q => q.X <= mid)), MakeHalf(picked.Where(q => q.X > mid))];
    }

    /// <summary>Reference pixels per half (left, right); a half with none measures (0, 0).</summary>
    public (int Left, int Right) PixelCounts => (_halves[0].X.Length, _halves[1].X.Length);

    /// <summary>Writes (dx, dy) of the left half, then of the right half, of <paramref name="rgb"/>'s torso.</summary>
    public void Measure(ReadOnlySpan<byte> rgb, Span<float> shift)
    {
        if (rgb.Length != 3 * _width * _height)
            throw new ArgumentException($"the frame must be {_width} × {_height} × 3 bytes.", nameof(rgb));
        if (shift.Length != TorsoConfig.TorsoTrackWidth)
            throw new ArgumentException($"shift needs {TorsoConfig.TorsoTrackWidth} floats.", nameof(shift));
        var grey = PaddedGrey.FromRgb(rgb, _width, _height, FullPad);
        var greyHalf = grey.Half(HalfPad);
        for (int i = 0; i < 2; i++)
        {
            var (dx, dy) = Track(grey, greyHalf, _halves[i]);
            shift[2 * i] = dx;
            shift[2 * i + 1] = dy;
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

    private (float Dx, float Dy) Track(PaddedGrey grey, PaddedGrey greyHalf, Region half)
    {
        if (half.X.Length == 0) return (0, 0);
        var (cx, cy) = Search(greyHalf, _referenceHalf, half.Coarse, 0, 0, CoarseRadius);
        var (bx, by) = Search(grey, _reference, half.Full, 2 * cx, 2 * cy, FineRadius);
        return Refine(grey, half, bx, by);
    }

    /// <summary>The whole shift within ±radius of (cx, cy) with the least sum of absolute differences.</summary>
    private static (int X, int Y) Search(PaddedGrey image, PaddedGrey reference, int[] pixels, int cx, int cy, int radius)
    {
        float[] img = image.Pixels, refPixels = reference.Pixels;
        double bestCost = double.MaxValue;
        (int X, int Y) best = (cx, cy);
        for (int sy = cy - radius; sy <= cy + radius; sy++)
        {
            for (int sx = cx - radius; sx <= cx + radius; sx++)
            {
                int offset = sy * image.Stride + sx;
                double c = 0;
                foreach (int p in pixels) c += MathF.Abs(img[p + offset] - refPixels[p]);
                if (c < bestCost)
                {
                    bestCost = c;
                    best = (sx, sy);
                }
            }
        }
        return best;
    }

    /// <summary>
    /// Gauss–Newton on Σ (I(p + s) − R(p))² with I sampled bilinearly and ∂I/∂s taken as the reference's gradient
    /// (so the 2 × 2 normal matrix is fixed). Starts at the whole shift (bx, by) and stays within ±1 px of it.
    /// </summary>
    private (float Dx, float Dy) Refine(PaddedGrey grey, Region half, int bx, int by)
    {
        double hxx = 0, hxy = 0, hyy = 0;
        for (int k = 0; k < half.X.Length; k++)
        {
            hxx += half.Gx[k] * half.Gx[k]; hxy += half.Gx[k] * half.Gy[k]; hyy += half.Gy[k] * half.Gy[k];
        }
        double det = hxx * hyy - hxy * hxy;
        if (!(det > 1e-9 * (hxx + hyy) * (hxx + hyy))) return (bx, by); // one direction has no texture
        double sx = bx, sy = by;
        for (int it = 0; it < RefineIterations; it++)
        {
            double bxSum = 0, bySum = 0;
            for (int k = 0; k < half.X.Length; k++)
            {
                double r = grey.Sample(half.X[k] + sx, half.Y[k] + sy) - _reference.Pixels[half.Full[k]];
                bxSum += half.Gx[k] * r; bySum += half.Gy[k] * r;
            }
            // Δ = −H⁻¹ b
            sx -= (hyy * bxSum - hxy * bySum) / det;
            sy -= (hxx * bySum - hxy * bxSum) / det;
            if (Math.Abs(sx - bx) > 1 || Math.Abs(sy - by) > 1) return (bx, by);
        }
        return ((float)sx, (float)sy);
    }

    private Region MakeHalf(IEnumerable<(int X, int Y, float Gx, float Gy)> pixels)
    {
        var list = pixels.ToList();
        return new Region([.. list.Select(q => q.X)], [.. list.Select(q => q.Y)],
            [.. list.Select(q => _reference.Index(q.X, q.Y))], [.. list.Select(q => _referenceHalf.Index(q.X / 2, q.Y / 2))],
            [.. list.Select(q => q.Gx)], [.. list.Select(q => q.Gy)]);
    }

    private bool NearTorso(ReadOnlySpan<byte> labels, int x, int y)
    {
        for (int dy = -Band; dy <= Band; dy += Band)
        {
            for (int dx = -Band; dx <= Band; dx += Band)
            {
                int u = x + dx, v = y + dy;
                if (u >= 0 && u < _width && v >= 0 && v < _height && labels[v * _width + u] == PartLabels.Torso) return true;
            }
        }
        return false;
    }
}
