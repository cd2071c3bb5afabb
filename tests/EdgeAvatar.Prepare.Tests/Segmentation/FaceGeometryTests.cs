using System.Numerics;
using EdgeAvatar.Common;
using EdgeAvatar.Media.Images;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Tests.Segmentation;

public sealed class FaceGeometryTests
{
    /// <summary>Template face with both eyes replaced by a hand-made eye of the given lid gap.</summary>
    private static FaceLandmarks WithEyes(float gap)
    {
        var xy = TemplateLandmarks.Place(100, 300, 150, 350);
        foreach (int first in new[] { 36, 42 })
        {
            float x0 = first == 36 ? 140 : 220, y0 = 200;
            // p1 left corner, p2/p3 upper lid, p4 right corner, p5/p6 lower lid (iBUG order).
            Vector2[] eye =
            [
                new(x0, y0), new(x0 + 13, y0 - gap / 2), new(x0 + 27, y0 - gap / 2),
                new(x0 + 40, y0), new(x0 + 27, y0 + gap / 2), new(x0 + 13, y0 + gap / 2),
            ];
            for (int k = 0; k < 6; k++)
            {
                xy[2 * (first + k)] = eye[k].X;
                xy[2 * (first + k) + 1] = eye[k].Y;
            }
        }
        return new FaceLandmarks(xy);
    }

    [Fact]
    public void Eye_openness_is_high_for_open_and_low_for_closed_eyes()
    {
        float open = WithEyes(12).EyeOpenness();
        float closed = WithEyes(1).EyeOpenness();
        Assert.Equal(12f / 40f, open, 3);   // (12 + 12) / (2 * 40)
        Assert.Equal(1f / 40f, closed, 3);
        Assert.True(open > 0.2f && closed < 0.1f);
    }

    [Theory]
    [InlineData(100, 300, 150, 350)]
    [InlineData(-60, 140, 300, 500)]   // mouth near the bottom-left corner: the box is clamped
    public void Lips_box_contains_every_lip_point_and_is_square_when_it_fits(float l, float r, float b, float c)
    {
        var lm = TemplateLandmarks.PlaceLandmarks(l, r, b, c);
        var box = lm.LipsBox(512, 512);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.Right <= 512 && box.Bottom <= 512);
        for (int i = 48; i < 68; i++)
        {
            var p = lm[i];
            if (p.X >= 0 && p.Y >= 0 && p.X < 512 && p.Y < 512)
            {
                Assert.True(box.Contains(p.X, p.Y), $"lip point {i} {p} outside {box}");
            }
        }
        if (l >= 0)
        {
            Assert.Equal(box.Width, box.Height);
        }
    }

    [Fact]
    public void Face_mask_covers_landmarks_and_forehead_but_not_the_frame()
    {
        var lm = TemplateLandmarks.PlaceLandmarks(100, 300, 150, 350);
        var mask = FaceRegions.FaceMask(lm, 400, 400);
        var centre = lm.Mean(0, 67);
        for (int i = 0; i < 68; i++)
        {
            // Hull vertices lie on the boundary: test each point nudged 2 px towards the centre.
            var p = lm[i] + 2f * Vector2.Normalize(centre - lm[i]);
            Assert.True(mask[(int)p.X, (int)p.Y] != 0, $"point {i} {lm[i]} not in the face mask");
        }
        Assert.NotEqual(0, mask[200, 110]); // forehead above the brows
        Assert.Equal(0, mask[5, 5]);
        Assert.Equal(0, mask[200, 395]);
    }

    [Fact]
    public void Malformed_landmarks_are_a_data_error()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => new FaceLandmarks(new float[10]));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        var xy = TemplateLandmarks.Place(100, 300, 150, 350);
        xy[7] = float.NaN;
        Assert.Throws<EdgeAvatarException>(() => new FaceLandmarks(xy));
    }

    [Fact]
    public void Bounds_span_the_points_of_the_range_first_and_last_included_and_no_other()
    {
        // Point i sits at (10 + i, 500 - i), except the range's two ends, which hold its extremes, and point 59 just before
        // it, which lies further out still, so counting it would widen the box.
        var xy = new float[2 * FaceLandmarks.PointCount];
        for (int i = 0; i < FaceLandmarks.PointCount; i++) { xy[2 * i] = 10 + i; xy[2 * i + 1] = 500 - i; }
        (xy[2 * 60], xy[2 * 60 + 1]) = (5f, 700f);   // first: smallest x, largest y
        (xy[2 * 67], xy[2 * 67 + 1]) = (90f, 300f);  // last: largest x, smallest y
        (xy[2 * 59], xy[2 * 59 + 1]) = (0f, 900f);
        var (minX, minY, maxX, maxY) = FaceLandmarks.Bounds(xy, FaceLandmarks.InnerLipsFirst, FaceLandmarks.InnerLipsLast);
        Assert.Equal((5f, 300f, 90f, 700f), (minX, minY, maxX, maxY));
        Assert.Equal((10 + 61f, 500 - 66f, 10 + 66f, 500 - 61f), FaceLandmarks.Bounds(xy, 61, 66));
    }

    [Fact]
    public void Png_writer_emits_a_valid_signature_and_chunks()
    {
        using var ms = new MemoryStream();
        PngWriter.Write(ms, 2, 2, 2, new byte[12]);
        var b = ms.ToArray();
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, b[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(b, 12, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(b, b.Length - 8, 4));
    }
}
