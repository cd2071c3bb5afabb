using EdgeAvatar.Prepare.Pose;
using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// The QA overlay of one frame (contact sheet and qa.mp4): label colours blended over the frame (head red, neck
/// yellow, torso blue), the lips box (cyan), the 68 landmarks (green dots), and the head frame's axes projected from
/// its origin with the frame's pose and the clip's focal (x red towards the subject's left, y green up, z blue out
/// of the face; <see cref="AxisLength"/> world units each). An interpolated (invalid) frame gets a red border.
/// Pure function of its inputs; thread-safe.
/// </summary>
public static class OverlayRenderer
{
    /// <summary>Axis length in world units (0.4 × 25 cm = 10 cm).</summary>
    public const double AxisLength = 0.4;
    private const int LabelAlpha = 90; // of 255

    public static RgbImage Render(RgbImage frame, FrameSegmentation seg, ReadOnlySpan<float> landmarks, FramePose pose, double focal, bool valid)
    {
        RgbImage img = frame.Clone();
        int w = img.Width, h = img.Height;
        byte[] p = img.Pixels;
        byte[] labels = seg.Labels.Data;
        for (int i = 0; i < labels.Length; i++)
        {
            (int r, int g, int b) = labels[i] switch
            {
                PartLabels.Head => (255, 40, 40),
                PartLabels.Neck => (255, 220, 0),
                PartLabels.Torso => (40, 90, 255),
                _ => (-1, 0, 0),
            };
            if (r < 0) continue;
            int o = 3 * i;
            p[o] = (byte)((p[o] * (255 - LabelAlpha) + r * LabelAlpha) / 255);
            p[o + 1] = (byte)((p[o + 1] * (255 - LabelAlpha) + g * LabelAlpha) / 255);
            p[o + 2] = (byte)((p[o + 2] * (255 - LabelAlpha) + b * LabelAlpha) / 255);
        }
        PixelRect lips = seg.LipsBox;
        Rect(img, lips.X, lips.Y, lips.Right - 1, lips.Bottom - 1, (0, 255, 255));
        for (int k = 0; k + 1 < landmarks.Length; k += 2)
            Dot(img, (int)MathF.Round(landmarks[k]), (int)MathF.Round(landmarks[k + 1]), (0, 255, 0));

        var camera = FocalIntrinsics.Centred(focal, w, h);
        Vec3d origin = pose.Apply(Vec3d.Zero);
        if (origin.Z > 1e-3)
        {
            var (u0, v0) = camera.Project(origin);
            Axis(img, camera, pose, u0, v0, new Vec3d(AxisLength, 0, 0), (255, 0, 0));
            Axis(img, camera, pose, u0, v0, new Vec3d(0, AxisLength, 0), (0, 255, 0));
            Axis(img, camera, pose, u0, v0, new Vec3d(0, 0, AxisLength), (0, 80, 255));
        }
        if (!valid)
        {
            for (int t = 0; t < 4; t++) Rect(img, t, t, w - 1 - t, h - 1 - t, (255, 0, 0));
        }
        return img;
    }

    private static void Axis(RgbImage img, FocalIntrinsics camera, FramePose pose, double u0, double v0, Vec3d end, (int, int, int) colour)
    {
        Vec3d e = pose.Apply(end);
        if (e.Z <= 1e-3) return;
        var (u1, v1) = camera.Project(e);
        Line(img, u0, v0, u1, v1, colour, thickness: 2);
    }

    public static void Line(RgbImage img, double x0, double y0, double x1, double y1, (int R, int G, int B) c, int thickness = 1)
    {
        int steps = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0))) + 1;
        if (steps > 4 * (img.Width + img.Height)) return; // a degenerate projection; nothing useful to draw
        for (int s = 0; s <= steps; s++)
        {
            double t = (double)s / steps;
            int x = (int)Math.Round(x0 + t * (x1 - x0)), y = (int)Math.Round(y0 + t * (y1 - y0));
            for (int dy = 0; dy < thickness; dy++)
                for (int dx = 0; dx < thickness; dx++) Set(img, x + dx, y + dy, c);
        }
    }

    private static void Rect(RgbImage img, int x0, int y0, int x1, int y1, (int, int, int) c)
    {
        Line(img, x0, y0, x1, y0, c);
        Line(img, x1, y0, x1, y1, c);
        Line(img, x1, y1, x0, y1, c);
        Line(img, x0, y1, x0, y0, c);
    }

    private static void Dot(RgbImage img, int x, int y, (int, int, int) c)
    {
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) Set(img, x + dx, y + dy, c);
    }

    private static void Set(RgbImage img, int x, int y, (int R, int G, int B) c)
    {
        if ((uint)x >= (uint)img.Width || (uint)y >= (uint)img.Height) return;
        int o = 3 * (y * img.Width + x);
        img.Pixels[o] = (byte)c.R;
        img.Pixels[o + 1] = (byte)c.G;
        img.Pixels[o + 2] = (byte)c.B;
    }
}
