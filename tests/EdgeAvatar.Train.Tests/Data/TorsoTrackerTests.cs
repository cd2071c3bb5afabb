using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Tests.Data;

/// <summary>
/// The torso tracker on synthetic frames whose true shifts are known: a smooth texture (three sinusoids, so
/// sub-pixel shifts can be rendered exactly) moved by one shift left of x = 48 and another right of it. The
/// reference frame's torso label is two boxes placed symmetrically (so the tracker's split falls at x = 48 too) and
/// 9 px clear of the split, so no searched pixel of one half reads the other half's motion.
/// </summary>
public sealed class TorsoTrackerTests
{
    private const int Size = 96, Split = 48;

    private static float Texture(double x, double y) => (float)(128 + 50 * Math.Sin(0.35 * x + 0.2 * y)
        + 40 * Math.Sin(0.27 * y - 0.15 * x + 1) + 30 * Math.Sin(0.5 * x + 0.45 * y + 2));

    /// <summary>The texture moved by (dx, dy) on the left half and (rx, ry) on the right half.</summary>
    private static byte[] Frame(double dx, double dy, double rx, double ry)
    {
        var rgb = new byte[3 * Size * Size];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                (double sx, double sy) = x < Split ? (dx, dy) : (rx, ry);
                byte v = (byte)Math.Clamp(Math.Round(Texture(x - sx, y - sy)), 0, 255);
                rgb[3 * (y * Size + x)] = rgb[3 * (y * Size + x) + 1] = rgb[3 * (y * Size + x) + 2] = v;
            }
        return rgb;
    }

    private static byte[] Labels()
    {
        var labels = new byte[Size * Size];
        for (int y = 30; y < Size; y++)
            for (int x = 10; x < Size - 10; x++)
                if (x <= 36 || x >= Size - 37) labels[y * Size + x] = PartLabels.Torso;
        return labels;
    }

    private static float[] Measure(byte[] frame)
    {
        var tracker = new TorsoTracker(Frame(0, 0, 0, 0), Labels(), Size, Size);
        Assert.True(tracker.PixelCounts.Left > 50 && tracker.PixelCounts.Right > 50, $"reference pixels {tracker.PixelCounts}");
        var shift = new float[4];
        tracker.Measure(frame, shift);
        return shift;
    }

    [Fact]
    public void Reference_frame_measures_no_shift()
        => Assert.All(Measure(Frame(0, 0, 0, 0)), v => Assert.Equal(0f, v, 0.01f));

    [Theory]
    [InlineData(3, -2, -4, 1)]
    [InlineData(1.5, -0.5, 0.25, 2.75)]
    public void Each_half_shift_is_recovered_within_a_tenth_of_a_pixel(double dx, double dy, double rx, double ry)
    {
        float[] s = Measure(Frame(dx, dy, rx, ry));
        double[] expected = [dx, dy, rx, ry];
        for (int i = 0; i < 4; i++)
            Assert.True(Math.Abs(s[i] - expected[i]) < 0.1, $"component {i}: measured {s[i]:F3}, true {expected[i]}");
    }
}
