namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// A side-by-side picture for eyeballing segmentation: frame with landmarks and lips box | alpha matte |
/// label colours blended over the frame (head red, neck yellow, torso blue; face mask edge green).
/// </summary>
public static class SegmentationDebugView
{
    public static RgbImage Compose(RgbImage frame, FrameSegmentation seg, FaceLandmarks? landmarks)
    {
        int w = frame.Width, h = frame.Height;
        var outImg = new RgbImage(3 * w, h);
        byte[] o = outImg.Pixels, f = frame.Pixels;
        ReadOnlySpan<byte> colours = [0, 0, 0, 230, 40, 40, 240, 220, 30, 40, 90, 240];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                int a = seg.Alpha.Data[i];
                int lab = seg.Labels.Data[i];
                bool faceEdge = seg.FaceMask.Data[i] != 0 && (x == 0 || y == 0 || x == w - 1 || y == h - 1
                    || seg.FaceMask.Data[i - 1] == 0 || seg.FaceMask.Data[i + 1] == 0
                    || seg.FaceMask.Data[i - w] == 0 || seg.FaceMask.Data[i + w] == 0);
                for (int c = 0; c < 3; c++)
                {
                    byte fv = f[3 * i + c];
                    o[3 * (y * 3 * w + x) + c] = fv;
                    o[3 * (y * 3 * w + w + x) + c] = (byte)a;
                    int blended = lab == 0 ? fv / 3 : (fv + colours[3 * lab + c]) / 2;
                    o[3 * (y * 3 * w + 2 * w + x) + c] = faceEdge ? (byte)(c == 1 ? 255 : 0) : (byte)blended;
                }
            }
        }
        var box = seg.LipsBox;
        for (int x = box.X; x < box.Right; x++)
        {
            Dot(outImg, x, box.Y, 0, 255, 255);
            Dot(outImg, x, box.Bottom - 1, 0, 255, 255);
        }
        for (int y = box.Y; y < box.Bottom; y++)
        {
            Dot(outImg, box.X, y, 0, 255, 255);
            Dot(outImg, box.Right - 1, y, 0, 255, 255);
        }
        if (landmarks is not null)
        {
            for (int k = 0; k < FaceLandmarks.PointCount; k++)
            {
                var p = landmarks[k];
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        Dot(outImg, (int)p.X + dx, (int)p.Y + dy, 255, 255, 0);
                    }
                }
            }
        }
        return outImg;

        void Dot(RgbImage img, int x, int y, byte r, byte g, byte b)
        {
            if (x < 0 || y < 0 || x >= w || y >= h)
            {
                return; // only inside the first panel
            }
            int j = 3 * (y * img.Width + x);
            img.Pixels[j] = r;
            img.Pixels[j + 1] = g;
            img.Pixels[j + 2] = b;
        }
    }
}
