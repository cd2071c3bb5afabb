using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Tests.Segmentation;

/// <summary>
/// A drawn talking-head scene with known answers: a textured background, and a person made of a torso trapezoid
/// (dark suit) touching the bottom edge, a neck, a skin-coloured face ellipse and a hair cap, with template
/// landmarks placed on the face. The person can be shifted sideways per frame so the background gets uncovered.
/// </summary>
internal sealed class SyntheticScene
{
    public SyntheticScene(int size = 256, int seed = 7)
    {
        Size = size;
        Background = new RgbImage(size, size);
        var rng = new Random(seed);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int i = 3 * (y * size + x);
                // Smooth gradient plus stripes: structure the plate must reproduce, not a flat colour.
                double stripe = 20 * Math.Sin(x * 0.15) * Math.Cos(y * 0.07);
                Background.Pixels[i] = Clamp(60 + 0.3 * x + stripe);
                Background.Pixels[i + 1] = Clamp(110 + 0.2 * y - stripe);
                Background.Pixels[i + 2] = Clamp(190 - 0.2 * x + 0.5 * stripe + rng.Next(-3, 4));
            }
        }
    }

    public int Size { get; }
    public RgbImage Background { get; }

    /// <summary>Face box in pixels for a person shifted by <paramref name="dx"/>: jaw ends, brow and chin lines.</summary>
    public (float Left, float Right, float Brow, float Chin) FaceBox(float dx)
    {
        float s = Size;
        return (0.36f * s + dx, 0.64f * s + dx, 0.30f * s, 0.56f * s);
    }

    public FaceLandmarks Landmarks(float dx)
    {
        var (l, r, b, c) = FaceBox(dx);
        return TemplateLandmarks.PlaceLandmarks(l, r, b, c);
    }

    /// <summary>Renders the frame (with per-pixel noise) and the true person mask (0/255).</summary>
    public (RgbImage Frame, ByteMap Truth) Render(float dx, int noiseSeed, RgbImage? background = null)
    {
        var bg = background ?? Background;
        var frame = bg.Clone();
        var truth = new ByteMap(Size, Size);
        var rng = new Random(noiseSeed);
        var (l, r, b, c) = FaceBox(dx);
        float cx = 0.5f * (l + r), halfW = 0.5f * (r - l);
        float faceCy = 0.5f * (b + c) - 0.02f * Size, faceRy = 0.5f * (c - b) + 0.08f * Size;
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                float px = x + 0.5f, py = y + 0.5f;
                (byte R, byte G, byte B)? col = null;
                // Torso: trapezoid from shoulders (0.68 S) widening to the bottom edge.
                float shoulderY = 0.68f * Size;
                if (py >= shoulderY)
                {
                    float half = halfW * 1.6f + (py - shoulderY) * 1.2f;
                    if (MathF.Abs(px - cx) <= half)
                    {
                        col = (35, 38, 60);
                    }
                }
                // Neck.
                if (py >= c - 0.05f * Size && py < shoulderY + 2 && MathF.Abs(px - cx) <= 0.55f * halfW)
                {
                    col = (190, 140, 115);
                }
                // Hair cap: ellipse above the face.
                float hx = (px - cx) / (halfW * 1.08f), hy = (py - (faceCy - 0.06f * Size)) / (faceRy * 1.0f);
                if (hx * hx + hy * hy <= 1f && py < faceCy)
                {
                    col = (70, 45, 30);
                }
                // Face ellipse.
                float fx = (px - cx) / halfW, fy = (py - faceCy) / faceRy;
                if (fx * fx + fy * fy <= 1f && py > b - 0.08f * Size)
                {
                    col = (205, 155, 125);
                }
                if (col is { } k)
                {
                    int i = 3 * (y * Size + x);
                    frame.Pixels[i] = k.R;
                    frame.Pixels[i + 1] = k.G;
                    frame.Pixels[i + 2] = k.B;
                    truth.Data[y * Size + x] = 255;
                }
            }
        }
        for (int i = 0; i < frame.Pixels.Length; i++)
        {
            frame.Pixels[i] = Clamp(frame.Pixels[i] + rng.Next(-4, 5));
        }
        return (frame, truth);
    }

    public static double IoU(ByteMap a, ByteMap b, int threshold = 128)
    {
        int inter = 0, union = 0;
        for (int i = 0; i < a.Data.Length; i++)
        {
            bool x = a.Data[i] >= threshold, y = b.Data[i] >= threshold;
            inter += x && y ? 1 : 0;
            union += x || y ? 1 : 0;
        }
        return union == 0 ? 1.0 : (double)inter / union;
    }

    private static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);
}
