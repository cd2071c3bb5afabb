using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Pipeline;

namespace EdgeAvatar.Prepare.Tests.Pipeline;

public sealed class LostFrameRepairTests
{
    private static float[] Row(float v) => Enumerable.Repeat(v, 136).ToArray();

    [Fact]
    public void Short_loss_is_interpolated_linearly_and_flagged_invalid()
    {
        var tracked = new List<float[]?> { Row(0), null, null, null, Row(4) };
        LandmarkTrack t = LostFrameRepair.Repair(tracked, maxLost: 12, fps: 25, "clip");
        Assert.Equal([true, false, false, false, true], t.Valid);
        Assert.Equal(1f, t.Landmarks[1][0], 5);
        Assert.Equal(3f, t.Landmarks[3][7], 5);
        Assert.Equal([(1, 3)], t.Bridged);
    }

    [Fact]
    public void Loss_at_the_clip_ends_holds_the_nearest_tracked_frame()
    {
        var tracked = new List<float[]?> { null, Row(2), Row(3), null };
        LandmarkTrack t = LostFrameRepair.Repair(tracked, 12, 25, "clip");
        Assert.Equal(2f, t.Landmarks[0][0]);
        Assert.Equal(3f, t.Landmarks[3][0]);
        Assert.Equal(0.5, t.ValidFraction);
    }

    [Fact]
    public void Loss_longer_than_the_limit_fails_listing_every_long_range()
    {
        var tracked = Enumerable.Range(0, 100).Select(i => (i is >= 10 and < 30) || (i is >= 60 and < 75) ? null : Row(i)).ToList();
        var e = Assert.Throws<EdgeAvatarException>(() => LostFrameRepair.Repair(tracked, 12, 25, "clip"));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("frames 10-29", e.Message);
        Assert.Contains("frames 60-74", e.Message);
    }

    [Fact]
    public void No_face_in_any_frame_fails()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => LostFrameRepair.Repair(new float[]?[5], 12, 25, "clip"));
        Assert.Contains("no face", e.Message);
    }
}
