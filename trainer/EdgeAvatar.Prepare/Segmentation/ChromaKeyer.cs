using System.Runtime.CompilerServices;
namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Soft chroma key on hue in the CbCr plane (BT.601). The angle of a pixel's (Cb, Cr) vector is compared with the
/// key colour's: unlike a plain CbCr distance this does not change when the screen is darker or brighter
/// (shading scales the chroma vector but keeps its direction). Foreground alpha ramps linearly from 0 at
/// <see cref="InnerAngle"/> to 255 at <see cref="OuterAngle"/> degrees. Pixels whose chroma magnitude is below
/// <see cref="MinChroma"/> (greys: white shirt, dark suit, the hue is noise) are foreground.
/// </summary>
public sealed class ChromaKeyer
{
    public float InnerAngle { get; init; } = 20f;
    public float OuterAngle { get; init; } = 35f;
    public float MinChroma { get; init; } = 12f;

    /// <summary>Foreground alpha (255 = not the key colour) for every pixel of <paramref name="frame"/>.</summary>
    public ByteMap Key(RgbImage frame, (byte R, byte G, byte B) key)
    {
        var (kcb, kcr) = CbCr(key.R, key.G, key.B);
        float kmag = MathF.Sqrt(kcb * kcb + kcr * kcr);
        var alpha = new ByteMap(frame.Width, frame.Height);
        if (kmag < MinChroma)
        {
            alpha.Data.AsSpan().Fill(255); // a grey key has no hue to key on: nothing is keyed
            return alpha;
        }
        kcb /= kmag;
        kcr /= kmag;
        float cosInner = MathF.Cos(InnerAngle * MathF.PI / 180f), cosOuter = MathF.Cos(OuterAngle * MathF.PI / 180f);
        float span = Math.Max(1e-6f, cosInner - cosOuter);
        byte[] px = frame.Pixels, a = alpha.Data;
        int w = frame.Width;
        float minChroma = MinChroma;
        Parallel.For(0, frame.Height, y => KeyRow(px, a, y * w, (y + 1) * w, kcb, kcr, cosInner, span, minChroma));
        return alpha;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KeyRow(byte[] px, byte[] a, int start, int end, float kcb, float kcr, float cosInner, float span,
        float minChroma)
    {
        for (int i = start; i < end; i++)
        {
            var (cb, cr) = CbCr(px[3 * i], px[3 * i + 1], px[3 * i + 2]);
            float mag = MathF.Sqrt(cb * cb + cr * cr);
            if (mag < minChroma)
            {
                a[i] = 255;
                continue;
            }
            // cos of the hue difference; 1 = same hue as the key.
            float cos = (cb * kcb + cr * kcr) / mag;
            a[i] = (byte)(Math.Clamp((cosInner - cos) / span, 0f, 1f) * 255f + 0.5f);
        }
    }

    private static (float Cb, float Cr) CbCr(float r, float g, float b)
        => (-0.168736f * r - 0.331264f * g + 0.5f * b, 0.5f * r - 0.418688f * g - 0.081312f * b);
}
