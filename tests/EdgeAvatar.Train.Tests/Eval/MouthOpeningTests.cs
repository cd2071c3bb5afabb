using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class MouthOpeningTests
{
    /// <summary>
    /// 68 points, all at the origin except: outer eye corners 36 = (100, 100), 45 = (200, 100) (100 px apart); upper
    /// inner lip 61, 62, 63 at y = 200 (x = 140, 150, 160); lower inner lip 67, 66, 65 at the same x, lower by the gaps.
    /// </summary>
    public static float[] Shape(double gapLeft, double gapMiddle, double gapRight)
    {
        var xy = new float[136];
        void Set(int p, double x, double y) { xy[2 * p] = (float)x; xy[2 * p + 1] = (float)y; }
        Set(36, 100, 100);
        Set(45, 200, 100);
        Set(61, 140, 200); Set(67, 140, 200 + gapLeft);
        Set(62, 150, 200); Set(66, 150, 200 + gapMiddle);
        Set(63, 160, 200); Set(65, 160, 200 + gapRight);
        return xy;
    }

    private static float[] Transform(float[] xy, double scale, double degrees, double dx, double dy)
    {
        double c = Math.Cos(degrees * Math.PI / 180), s = Math.Sin(degrees * Math.PI / 180);
        var t = new float[xy.Length];
        for (int i = 0; i < xy.Length; i += 2)
        {
            t[i] = (float)(scale * (c * xy[i] - s * xy[i + 1]) + dx);
            t[i + 1] = (float)(scale * (s * xy[i] + c * xy[i + 1]) + dy);
        }
        return t;
    }

    [Fact]
    public void The_opening_is_the_mean_inner_lip_gap_over_the_outer_eye_distance()
    {
        // Gaps 6, 10 and 4 px: mean 20/3 px over 100 px between the eye corners.
        Assert.Equal(20.0 / 3 / 100, MouthOpening.Measure(Shape(6, 10, 4)), 6);
    }

    [Fact]
    public void A_closed_mouth_reads_zero()
        => Assert.Equal(0.0, MouthOpening.Measure(Shape(0, 0, 0)), 9);

    [Fact]
    public void The_opening_does_not_depend_on_face_size_tilt_or_position()
    {
        float[] upright = Shape(6, 10, 4);
        double expected = 20.0 / 3 / 100;
        Assert.Equal(expected, MouthOpening.Measure(Transform(upright, 2.5, 0, 0, 0)), 5);
        Assert.Equal(expected, MouthOpening.Measure(Transform(upright, 0.4, 35, 300, -80)), 5);
        Assert.Equal(expected, MouthOpening.Measure(Transform(upright, 1, 90, 0, 0)), 5);
    }

    [Fact]
    public void Shapes_that_are_not_68_points_or_have_no_eye_distance_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MouthOpening.Measure(new float[134]));
        Assert.Throws<ArgumentException>(() => MouthOpening.Measure(new float[136]));
    }
}
