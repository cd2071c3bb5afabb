using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Tests.Data;

/// <summary>
/// The torso tracker on synthetic frames whose true shifts are known: a smooth texture (a sum of sinusoids, so
/// sub-pixel shifts can be rendered exactly) moved by one shift left of x = 96 and another right of it. The
/// reference frame's torso label is two boxes placed symmetrically (so the tracker's split falls at x = 96 too),
/// 9 px clear of the split so no searched pixel of one half reads the other half's motion, and 40 px clear of the
/// image border so even the largest tested shift reads real texture, not the replicated border.
/// </summary>
public sealed class TorsoTrackerTests
{
    private const int Size = 192, Split = 96;

    /// <summary>12 sinusoids of random direction, frequency (0.08–0.35 rad/px) and phase: smooth and far from
    /// periodic, as cloth and shoulders are at this scale (a few sinusoids repeat often enough to fool any search).</summary>
    private static readonly (double Fx, double Fy, double Phase, double Amplitude)[] Waves = MakeWaves();

    private static (double, double, double, double)[] MakeWaves()
    {
        var rng = new Random(7);
        return [.. Enumerable.Range(0, 12).Select(_ =>
        {
            double angle = rng.NextDouble() * Math.PI, f = 0.08 + 0.27 * rng.NextDouble();
            return (f * Math.Cos(angle), f * Math.Sin(angle), rng.NextDouble() * 2 * Math.PI, 10 + 10 * rng.NextDouble());
        })];
    }

    private static float Texture(double x, double y)
        => (float)(128 + Waves.Sum(w => w.Amplitude * Math.Sin(w.Fx * x + w.Fy * y + w.Phase)));

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
        for (int y = 40; y < Size - 40; y++)
            for (int x = 40; x < Size - 40; x++)
                if (x <= Split - 12 || x >= Split + 12) labels[y * Size + x] = PartLabels.Torso;
        return labels;
    }

    private static float[] Measure(byte[] frame)
    {
        var tracker = new TorsoTracker(Frame(0, 0, 0, 0), Labels(), Size, Size);
        Assert.True(tracker.PixelCounts.Left > 200 && tracker.PixelCounts.Right > 200, $"reference pixels {tracker.PixelCounts}");
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
    [InlineData(25, -20.5, 25, -20.5)] // beyond a 16-px full-size search: needs the half-size stage
    [InlineData(-31, 8.25, -31, 8.25)]
    public void Each_half_shift_is_recovered_within_a_tenth_of_a_pixel(double dx, double dy, double rx, double ry)
    {
        float[] s = Measure(Frame(dx, dy, rx, ry));
        double[] expected = [dx, dy, rx, ry];
        for (int i = 0; i < 4; i++)
            Assert.True(Math.Abs(s[i] - expected[i]) < 0.1, $"component {i}: measured {s[i]:F3}, true {expected[i]}");
    }
}
