using System.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Splits a person mask into head / neck / torso with landmark geometry (face units as in <see cref="FaceRegions"/>):
/// <list type="bullet">
/// <item>head: mask pixels inside the head oval (<see cref="FaceRegions.HeadOval"/>) or above the ear line
/// (points 0-16), restricted to the part 4-connected to the face mask;</item>
/// <item>neck: remaining mask pixels no more than <see cref="NeckDepth"/> D below the chin (measured along u)
/// and within half the jaw width at points 4-12 of the chin-brow axis;</item>
/// <item>torso: the rest of the mask.</item>
/// </list>
/// Invariant: label != Background exactly where the mask is set.
/// </summary>
public sealed class PartSegmenter
{
    /// <summary>Neck extent below the chin, in face heights D.</summary>
    public float NeckDepth { get; init; } = 0.22f;

    /// <summary>Neck half-width as a fraction of the jaw width between points 4 and 12.</summary>
    public float NeckHalfWidth { get; init; } = 0.4f;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    public ByteMap Label(ByteMap mask, FaceLandmarks lm, ByteMap faceMask)
    {
        int w = mask.Width, h = mask.Height;
        var zone = new ByteMap(w, h);
        PolygonFill.Fill(zone, FaceRegions.HeadOval(lm));
        Vector2 u = lm.Up, r = new(-u.Y, u.X);
        Vector2 earMid = 0.5f * (lm[0] + lm[16]), chin = lm.Chin;
        float neckBottom = -NeckDepth * lm.FaceHeight;
        float neckHalf = NeckHalfWidth * Vector2.Distance(lm[4], lm[12]);
        // Signed distances along u and r are affine in x, so each row starts from a base value and steps.
        var headCandidate = new ByteMap(w, h);
        for (int y = 0; y < h; y++)
        {
            int row = y * w;
            float above = Vector2.Dot(new Vector2(0.5f, y + 0.5f) - earMid, u); // > 0 above the ear line
            for (int x = 0; x < w; x++, above += u.X)
            {
                if (mask.Data[row + x] != 0 && (zone.Data[row + x] != 0 || above > 0))
                {
                    headCandidate.Data[row + x] = 255;
                }
            }
        }
        var head = ConnectedComponents.KeepSeeded(headCandidate, faceMask);
        var labels = new ByteMap(w, h);
        for (int y = 0; y < h; y++)
        {
            int row = y * w;
            var rel0 = new Vector2(0.5f, y + 0.5f) - chin;
            float along = Vector2.Dot(rel0, u), across = Vector2.Dot(rel0, r);
            for (int x = 0; x < w; x++, along += u.X, across += r.X)
            {
                int i = row + x;
                if (mask.Data[i] == 0)
                {
                    continue;
                }
                if (head.Data[i] != 0)
                {
                    labels.Data[i] = PartLabels.Head;
                    continue;
                }
                bool neck = along >= neckBottom && MathF.Abs(across) <= neckHalf;
                labels.Data[i] = neck ? PartLabels.Neck : PartLabels.Torso;
            }
        }
        return labels;
    }
}
