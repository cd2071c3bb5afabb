using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.ErNerf;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// <see cref="AdaptivePoseEncoding"/> against pixels computed by hand from the documented camera convention
/// (trainer/EdgeAvatar.Prepare/Pose/CONVENTIONS.md: camera_to_world row-major, OpenGL axes, u = f·x/(−z) + cx,
/// v = −f·y/(−z) + cy in camera coordinates) and the torso's [−1, 1] image coordinates (2u/W − 1, 2v/H − 1).
/// </summary>
public class AdaptivePoseEncodingTests
{
    /// <summary>
    /// 640 × 480, f = 1000, principal point (320, 240).
    /// Frontal camera at (0.1, −0.2, 4), identity rotation: anchor (0.3, 0.2, 0) is at camera (0.2, 0.4, −4), so
    /// u = 1000·0.2/4 + 320 = 370, v = −1000·0.4/4 + 240 = 140 → (2·370/640 − 1, 2·140/480 − 1) = (0.15625, −5/12).
    /// Camera at (4, 0, 0) on the subject's left looking back along −x: axes x_c = (0, 0, −1), y_c = (0, 1, 0),
    /// z_c = (1, 0, 0). Anchor (0, 0.2, 0.5): r = (−4, 0.2, 0.5), camera (−0.5, 0.2, −4), u = −125 + 320 = 195,
    /// v = −50 + 240 = 190 → (2·195/640 − 1, 2·190/480 − 1) = (−0.390625, −5/24):
    /// a point in front of the face lands left of centre in that view.
    /// </summary>
    [Fact]
    public void Known_anchors_under_known_poses_land_on_the_pixels_computed_by_hand()
    {
        float[] frontal = [1, 0, 0, 0.1f, 0, 1, 0, -0.2f, 0, 0, 1, 4, 0, 0, 0, 1];
        float[] side = [0, 0, 1, 4, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 1];
        var output = new float[2];

        AdaptivePoseEncoding.Forward(new PinholeCamera(640, 480, 1000, 1000, 320, 240, frontal), [0.3f, 0.2f, 0f], output);
        Assert.Equal(0.15625f, output[0], 5);
        Assert.Equal(-5f / 12f, output[1], 5);

        AdaptivePoseEncoding.Forward(new PinholeCamera(640, 480, 1000, 1000, 320, 240, side), [0f, 0.2f, 0.5f], output);
        Assert.Equal(-0.390625f, output[0], 5);
        Assert.Equal(-5f / 24f, output[1], 5);
    }

    /// <summary>An anchor behind the camera has no image position; the encoding says so instead of returning NaN.</summary>
    [Fact]
    public void An_anchor_behind_the_camera_is_refused()
    {
        float[] frontal = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 4, 0, 0, 0, 1];
        var camera = new PinholeCamera(512, 512, 1000, 1000, 256, 256, frontal);
        Assert.Throws<InvalidOperationException>(() => AdaptivePoseEncoding.Forward(camera, [0f, 0f, 0f, 0f, 0f, 5f], new float[4]));
    }
}
