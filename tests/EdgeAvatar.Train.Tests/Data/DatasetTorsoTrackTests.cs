using EdgeAvatar.Common;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Tests.Eval;

namespace EdgeAvatar.Train.Tests.Data;

/// <summary>
/// A torso's track inputs are only fed from the tracker that the torso was trained on, and the dataset's track is
/// the same whether measured from frames in memory (training) or streamed (eval).
/// </summary>
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

    [SkippableFact]
    public void Streaming_the_frames_measures_the_same_track_as_the_frames_in_memory()
    {
        Skip.IfNot(EvalTestFiles.FfmpegAvailable, "ffmpeg is not installed");
        using var ds = SyntheticDataset.Create(33);
        var reader = ds.Reader;
        byte[][] labels = [.. Enumerable.Range(0, 33).Select(SyntheticDataset.LabelPlane)];
        float[] inMemory = DatasetTorsoTrack.Measure(reader.Manifest, ds.Frames, labels);
        Assert.Contains(inMemory, v => v != 0); // per-frame noise: the comparison is not one of zeros
        Assert.Equal(inMemory, DatasetTorsoTrack.Measure(reader));
    }

    [Fact]
    public void Track_inputs_without_a_method_name_fail_validation()
    {
        var unnamed = TorsoConfig.Quick with { TrackMethod = "" };
        Assert.Contains(unnamed.Validate(), p => p.StartsWith("TrackMethod", StringComparison.Ordinal));
    }
}
