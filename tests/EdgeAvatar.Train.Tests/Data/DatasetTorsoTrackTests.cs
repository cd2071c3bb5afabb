using EdgeAvatar.Common;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Tests.Data;

/// <summary>A torso's track inputs are only fed from the tracker that the torso was trained on.</summary>
public sealed class DatasetTorsoTrackTests
{
    [Fact]
    public void A_torso_trained_on_another_tracker_is_refused_with_a_data_error()
    {
        var other = TorsoConfig.Quick with { TrackMethod = "halves-sad-1" };
        var e = Assert.Throws<EdgeAvatarException>(() => DatasetTorsoTrack.EnsureCompatible(other));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("halves-sad-1", e.Message);
    }

    [Fact]
    public void This_trackers_torso_and_a_torso_without_track_inputs_are_accepted()
    {
        DatasetTorsoTrack.EnsureCompatible(TorsoConfig.Quick);
        DatasetTorsoTrack.EnsureCompatible(TorsoConfig.Quick with { TrackWidth = 0, TrackMethod = "" });
    }

    [Fact]
    public void Track_inputs_without_a_method_name_fail_validation()
    {
        var unnamed = TorsoConfig.Quick with { TrackMethod = "" };
        Assert.Contains(unnamed.Validate(), p => p.StartsWith("TrackMethod", StringComparison.Ordinal));
    }
}
