using System.Numerics;
using EdgeAvatar.Kernels.Rendering;
using static EdgeAvatar.Kernels.Tests.Rendering.RenderingTestScenes;

namespace EdgeAvatar.Kernels.Tests.Rendering;

public class RayGeneratorTests
{
    [Fact]
    public void Ray_through_the_principal_point_goes_along_camera_minus_z()
    {
        // A rotated camera, so "−z of the camera" is not the world −z.
        PinholeCamera cam = LookAtOrigin(new Vector3(2f, 1f, 3f), size: 64);
        Vector3 d = cam.Direction(cam.Cx, cam.Cy);
        Vector3 expected = -cam.AxisZ;
        Assert.True(Vector3.Distance(d, expected) < 1e-6f, $"{d} vs {expected}");
        // And it points at the origin the camera looks at.
        Assert.True(Vector3.Distance(d, Vector3.Normalize(-cam.Origin)) < 1e-6f);
    }

    [Fact]
    public void Pixel_to_the_right_and_below_the_centre_goes_right_and_down_in_camera_axes()
    {
        PinholeCamera cam = Frontal();
        Vector3 d = cam.PixelDirection(400, 400); // u > cx, v > cy: right of and below the centre
        Assert.True(d.X > 0f && d.Y < 0f && d.Z < 0f, d.ToString());
    }

    [Fact]
    public void Projecting_a_point_on_a_pixel_ray_returns_that_pixel_centre()
    {
        PinholeCamera cam = LookAtOrigin(new Vector3(-1.5f, 0.7f, 3.2f), size: 128, focal: 150f);
        foreach ((int x, int y) in new[] { (0, 0), (127, 0), (5, 90), (64, 64), (127, 127) })
        {
            Vector3 p = cam.Origin + 2.7f * cam.PixelDirection(x, y);
            Assert.True(cam.Project(p, out float u, out float v));
            Assert.Equal(x + 0.5f, u, 3);
            Assert.Equal(y + 0.5f, v, 3);
        }
    }

    [Fact]
    public void Roi_and_pixel_subset_produce_the_same_rays_for_the_same_pixels()
    {
        PinholeCamera cam = Frontal(size: 32, focal: 40f);
        int x0 = 3, y0 = 5, w = 7, h = 4;
        var o1 = new float[3 * w * h]; var d1 = new float[3 * w * h];
        RayGenerator.Roi(cam, x0, y0, w, h, o1, d1);
        int[] pixels = Enumerable.Range(0, w * h).Select(i => (y0 + i / w) * cam.Width + x0 + i % w).ToArray();
        var o2 = new float[3 * w * h]; var d2 = new float[3 * w * h];
        RayGenerator.Pixels(cam, pixels, o2, d2);
        Assert.Equal(o1, o2);
        Assert.Equal(d1, d2);
        for (int i = 0; i < w * h; i++)
        {
            Assert.Equal(1f, At(d1, i).Length(), 5);
            Assert.Equal(cam.Origin, At(o1, i));
        }
    }

    [Fact]
    public void Roi_outside_the_image_is_rejected()
    {
        PinholeCamera cam = Frontal(size: 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => RayGenerator.Roi(cam, 10, 0, 8, 1, new float[24], new float[24]));
    }

    [Fact]
    public void Camera_matrix_without_affine_last_row_is_rejected()
    {
        float[] m = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3.7f, 0, 0, 1, 1];
        Assert.Throws<ArgumentException>(() => new PinholeCamera(8, 8, 10, 10, 4, 4, m));
    }

    [Fact]
    public void Frontal_camera_at_3_7_looking_at_the_origin_hits_the_head_box()
    {
        PinholeCamera cam = Frontal();
        Vector3 d = cam.Direction(cam.Cx, cam.Cy);
        Assert.True(Aabb.HeadBox.Intersect(cam.Origin, d, 0.05f, out float tn, out float tf));
        Assert.Equal(2.7f, tn, 5); // enters at z = +1
        Assert.Equal(4.7f, tf, 5); // leaves at z = −1
    }

    [Fact]
    public void Ray_pointing_away_from_the_box_misses()
    {
        Assert.False(Aabb.HeadBox.Intersect(new Vector3(0, 0, 3.7f), Vector3.UnitZ, 0f, out _, out _));
    }

    [Fact]
    public void Ray_passing_above_the_box_misses_and_just_inside_hits()
    {
        var o = new Vector3(0, 0.6f, 3.7f);
        Assert.False(Aabb.HeadBox.Intersect(o, -Vector3.UnitZ, 0f, out _, out _));
        Assert.True(Aabb.HeadBox.Intersect(o with { Y = 0.49f }, -Vector3.UnitZ, 0f, out _, out _));
    }

    [Fact]
    public void Axis_parallel_ray_with_zero_components_is_handled_without_nan()
    {
        // d = (1, 0, 0) from inside the y and z slabs: hits; from outside the z slab: misses.
        Assert.True(Aabb.HeadBox.Intersect(new Vector3(-5, 0.2f, 0.3f), Vector3.UnitX, 0f, out float tn, out float tf));
        Assert.Equal(4f, tn, 5);
        Assert.Equal(6f, tf, 5);
        Assert.False(Aabb.HeadBox.Intersect(new Vector3(-5, 0.2f, 1.3f), Vector3.UnitX, 0f, out _, out _));
    }

    [Fact]
    public void Origin_inside_the_box_starts_at_min_near()
    {
        Assert.True(Aabb.HeadBox.Intersect(Vector3.Zero, Vector3.Normalize(new Vector3(1, 1, 1)), 0.05f, out float tn, out float tf));
        Assert.Equal(0.05f, tn);
        Assert.Equal(0.5f * MathF.Sqrt(3f), tf, 5); // leaves through y = 0.5
    }

    [Fact]
    public void Box_entirely_behind_min_near_is_a_miss()
    {
        Assert.False(Aabb.HeadBox.Intersect(new Vector3(0, 0, 1.02f), -Vector3.UnitZ, 3f, out _, out _));
    }
}
