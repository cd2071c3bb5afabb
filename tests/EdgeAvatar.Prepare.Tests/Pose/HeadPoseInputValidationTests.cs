using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Pose;

namespace EdgeAvatar.Prepare.Tests.Pose;

public sealed class HeadPoseInputValidationTests
{
    private static float[][] Clip(int frames) => SyntheticHeadClip.Generate(frames, seed: 5, noisePx: 0.5, outlierFrames: 0).Landmarks;

    [Fact]
    public void Too_few_frames_is_a_data_error()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => HeadPoseEstimator.Estimate(Clip(3), 512, 512));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("at least", e.Message);
    }

    [Fact]
    public void A_nan_landmark_is_a_data_error_naming_the_frame()
    {
        var lm = Clip(20);
        lm[7][2 * 30 + 1] = float.NaN;
        var e = Assert.Throws<EdgeAvatarException>(() => HeadPoseEstimator.Estimate(lm, 512, 512));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("frame 7", e.Message);
        Assert.Contains("landmark 30", e.Message);
    }

    [Fact]
    public void A_short_landmark_row_is_a_data_error()
    {
        var lm = Clip(20);
        lm[4] = new float[10];
        var e = Assert.Throws<EdgeAvatarException>(() => HeadPoseEstimator.Estimate(lm, 512, 512));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
    }

    [Fact]
    public void Collapsed_landmarks_are_a_data_error()
    {
        var lm = Clip(20);
        for (int i = 0; i < lm.Length; i++) Array.Fill(lm[i], 100f);
        var e = Assert.Throws<EdgeAvatarException>(() => HeadPoseEstimator.Estimate(lm, 512, 512));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
    }

    [Fact]
    public void A_short_clip_still_recovers_its_poses()
    {
        var clip = SyntheticHeadClip.Generate(60, seed: 9, noisePx: 0.5, outlierFrames: 0);
        var result = HeadPoseEstimator.Estimate(clip.Landmarks, clip.Size, clip.Size);
        Assert.InRange(result.MedianErrorPx, 0, 1.0);
        Assert.Equal(60, result.CameraToWorld.Count);
    }
}
