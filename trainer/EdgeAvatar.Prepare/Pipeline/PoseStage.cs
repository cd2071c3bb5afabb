using EdgeAvatar.Prepare.Pose;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Pose stage: <see cref="HeadPoseEstimator"/> over all frames (interpolated ones included: they are smooth
/// in-betweens and keep the pose track continuous; the frames themselves are excluded from training by their flag).
/// </summary>
public static class PoseStage
{
    public static HeadPoseResult Run(LandmarkTrack track, int size, double fps, int threads)
        => HeadPoseEstimator.Estimate(track.Landmarks, size, size, new HeadPoseOptions { Fps = fps, MaxThreads = Math.Max(1, threads) });
}
