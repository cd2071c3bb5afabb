namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Push-pull (pyramid) hole filling: known pixels are averaged down a mip pyramid with their weights ("pull"),
/// then every level is filled from the bilinearly upsampled coarser level where its own weight is short of 1
/// ("push"). Result: smooth fills that take the colour of the nearest surroundings, in O(pixels).
/// Known pixels are kept exactly.
/// </summary>
public static class PlateInpainter
{
    /// <summary>Fills the pixels of <paramref name="image"/> where <paramref name="known"/> is 0, in place.</summary>
    public static void Fill(RgbImage image, ByteMap known)
    {
        int w = image.Width, h = image.Height;
        if (known.CountNonZero() == 0)
        {
            return; // nothing to propagate; leave as is (caller reports 0 observed)
        }
        // Level 0: premultiplied colour and weight.
        var levels = new List<(float[] C, float[] W, int Width, int Height)>();
        var c0 = new float[w * h * 3];
        var w0 = new float[w * h];
        for (int i = 0; i < w * h; i++)
        {
            if (known.Data[i] != 0)
            {
                w0[i] = 1f;
                c0[3 * i] = image.Pixels[3 * i];
                c0[3 * i + 1] = image.Pixels[3 * i + 1];
                c0[3 * i + 2] = image.Pixels[3 * i + 2];
            }
        }
        levels.Add((c0, w0, w, h));
        // Pull: 2x2 box sums, weights clamped to 1 so dense regions do not dominate sparse neighbours.
        while (levels[^1].Width > 1 || levels[^1].Height > 1)
        {
            var (pc, pw, lw, lh) = levels[^1];
            int nw = (lw + 1) / 2, nh = (lh + 1) / 2;
            var nc = new float[nw * nh * 3];
            var nwt = new float[nw * nh];
            for (int y = 0; y < nh; y++)
            {
                for (int x = 0; x < nw; x++)
                {
                    float sw = 0, r = 0, g = 0, b = 0;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        int sy = Math.Min(2 * y + dy, lh - 1);
                        for (int dx = 0; dx < 2; dx++)
                        {
                            int sx = Math.Min(2 * x + dx, lw - 1);
                            int s = sy * lw + sx;
                            sw += pw[s];
                            r += pc[3 * s];
                            g += pc[3 * s + 1];
                            b += pc[3 * s + 2];
                        }
                    }
                    int d = y * nw + x;
                    // Colour stays premultiplied by the (clamped) weight: divide by sw only when clamping to 1.
                    float scale = sw > 1f ? 1f / sw : 1f;
                    nwt[d] = Math.Min(1f, sw);
                    nc[3 * d] = r * scale;
                    nc[3 * d + 1] = g * scale;
                    nc[3 * d + 2] = b * scale;
                }
            }
            levels.Add((nc, nwt, nw, nh));
        }
        // The coarsest level must be complete: un-premultiply it (its weight is > 0 since some pixel is known).
        {
            var (tc, tw, _, _) = levels[^1];
            if (tw[0] < 1f)
            {
                tc[0] /= tw[0];
                tc[1] /= tw[0];
                tc[2] /= tw[0];
                tw[0] = 1f;
            }
        }
        // Push: from coarse to fine, complete each level with the upsampled coarser one.
        for (int li = levels.Count - 2; li >= 0; li--)
        {
            var (fc, fw, lw, lh) = levels[li];
            var (cc, cwt, cw, ch) = levels[li + 1];
            for (int y = 0; y < lh; y++)
            {
                float fy = Math.Clamp((y + 0.5f) / 2f - 0.5f, 0, ch - 1);
                int y0 = (int)fy, y1 = Math.Min(y0 + 1, ch - 1);
                float ty = fy - y0;
                for (int x = 0; x < lw; x++)
                {
                    int i = y * lw + x;
                    float a = fw[i];
                    if (a >= 1f)
                    {
                        continue;
                    }
                    float fx = Math.Clamp((x + 0.5f) / 2f - 0.5f, 0, cw - 1);
                    int x0 = (int)fx, x1 = Math.Min(x0 + 1, cw - 1);
                    float tx = fx - x0;
                    for (int k = 0; k < 3; k++)
                    {
                        // Coarse levels are complete (weight 1, colour premultiplied by 1) after their own push.
                        float top = cc[3 * (y0 * cw + x0) + k] * (1 - tx) + cc[3 * (y0 * cw + x1) + k] * tx;
                        float bot = cc[3 * (y1 * cw + x0) + k] * (1 - tx) + cc[3 * (y1 * cw + x1) + k] * tx;
                        float up = top * (1 - ty) + bot * ty;
                        fc[3 * i + k] += (1f - a) * up;
                    }
                    fw[i] = 1f;
                }
            }
        }
        var px = image.Pixels;
        for (int i = 0; i < w * h; i++)
        {
            if (known.Data[i] == 0)
            {
                px[3 * i] = (byte)Math.Clamp(c0[3 * i] + 0.5f, 0f, 255f);
                px[3 * i + 1] = (byte)Math.Clamp(c0[3 * i + 1] + 0.5f, 0f, 255f);
                px[3 * i + 2] = (byte)Math.Clamp(c0[3 * i + 2] + 0.5f, 0f, 255f);
            }
        }
    }
}
