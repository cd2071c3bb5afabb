using System.Text.Json.Nodes;
using EdgeAvatar.Common;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Tests.Vulkan;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// The loader and the torso pose input: a manifest and a <c>torso.anchors</c> tensor that disagree (anchors without
/// the block, the block under a raw input) and an unknown pose input are refused with <see cref="ExitCodes.DataError"/>
/// naming what is wrong; a raw model written before the field existed loads as raw and renders as it did.
/// </summary>
public sealed class TorsoAnchorsValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("torso-anchors-validate-").FullName;

    /// <summary>The baker's file with its manifest config edited, the tensors <paramref name="keep"/> rejects left out and,
    /// with <paramref name="addAnchors"/>, ER-NeRF's initial anchors added as a <c>torso.anchors</c> tensor.</summary>
    private string Write(AvatarModel model, string name, Func<string, bool> keep, Action<JsonObject>? editConfig = null,
        bool addAnchors = false)
        => EditedModelFile.Write(model, _dir, name, keep, editConfig,
            addAnchors ? [(AvatarParameters.TorsoAnchorsName, Render.ErNerf.AdaptivePoseEncoding.ErNerfAnchors.ToArray())] : null);

    private static JsonObject Torso(JsonObject config) => config["model"]!["torso"]!.AsObject();

    private static EdgeAvatarException Refused(string path)
    {
        var e = Assert.Throws<EdgeAvatarException>(() => AvatarModelFile.Load(path));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        return e;
    }

    [Fact]
    public void The_unchanged_anchors_copy_loads()
    {
        // The rewriting itself must not break a file, or the refusals below would prove nothing.
        var model = TorsoAnchorsRoundTripTests.Create(seed: 3);
        var loaded = AvatarModelFile.Load(Write(model, "same", _ => true));
        Assert.Equal(model.Parameters, loaded.Parameters);
    }

    [Fact]
    public void An_anchors_manifest_without_the_anchors_tensor_is_refused()
    {
        var model = TorsoAnchorsRoundTripTests.Create(seed: 3);
        var e = Refused(Write(model, "missing", n => n != AvatarParameters.TorsoAnchorsName));
        Assert.Contains(AvatarParameters.TorsoAnchorsName, e.Message);
        Assert.Contains("pose input", e.Message); // says why the block is needed, not only that a tensor is missing
    }

    [Fact]
    public void An_anchors_tensor_under_a_raw_manifest_is_refused()
    {
        // The anchors model's file relabelled raw: the tensor is there, the manifest says the torso takes none.
        var model = TorsoAnchorsRoundTripTests.Create(seed: 3);
        var e = Refused(Write(model, "relabelled", _ => true, c => Torso(c)["poseInput"] = TorsoConfig.RawPoseInput));
        Assert.Contains(AvatarParameters.TorsoAnchorsName, e.Message);
        // A raw model's file with the block added.
        var raw = TinyAvatar.Create(3);
        e = Refused(Write(raw, "added", _ => true, addAnchors: true));
        Assert.Contains(AvatarParameters.TorsoAnchorsName, e.Message);
    }

    [Fact]
    public void An_unknown_pose_input_is_refused_naming_the_field()
    {
        var model = TinyAvatar.Create(3);
        var e = Refused(Write(model, "unknown", _ => true, c => Torso(c)["poseInput"] = "landmarks"));
        Assert.Contains("PoseInput", e.Message);
        Assert.Contains("landmarks", e.Message);
    }

    [Fact]
    public void An_old_raw_model_without_the_field_loads_as_raw_and_renders_with_the_raw_pose_features()
    {
        // Occupied cells over the head's own box, where a loaded model's lie (as TinyErNerfAvatar does).
        var m = TinyAvatar.Create(6);
        var occupancy = new OccupancyGrid(m.Config.Head.Bounds, m.Config.Head.OccupancyResolution);
        m.Occupancy.Bitfield.CopyTo(occupancy.Bitfield, 0);
        var model = new AvatarModel(m.Blocks, m.Parameters, occupancy, m.Camera, m.Plate, m.Normalization, m.PoseTrack,
            m.EyeTrack, m.TorsoTrack, m.MeanCentre, m.TorsoRegion);
        string path = Write(model, "old", _ => true, c => Assert.True(Torso(c).Remove("poseInput")));

        var loaded = AvatarModelFile.Load(path);

        Assert.Equal(TorsoConfig.RawPoseInput, loaded.Config.Torso.PoseInput);
        Assert.Null(loaded.Blocks.TorsoAnchors);
        Assert.Equal(model.Parameters, loaded.Parameters);
        // The pose input is the one raw models always had: head pose features, then the torso shift.
        float[] c2w = TinyAvatar.CameraToWorld(0.25f, 3f);
        var pose = new float[loaded.Config.Torso.PoseInputWidth];
        loaded.TorsoPose(c2w, TinyAvatar.Shift, pose);
        var expected = new float[pose.Length];
        HeadPoseFeatures.FromCameraToWorld(c2w, loaded.MeanCentre, expected.AsSpan(0, HeadPoseFeatures.Width));
        TinyAvatar.Shift.CopyTo(expected, HeadPoseFeatures.Width);
        Assert.Equal(expected, pose);
        // And it renders the pixels of the model it was baked from.
        var a = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        var b = new byte[a.Length];
        new AvatarRenderer(model).Render(c2w, TinyAvatar.Shift, TinyAvatar.AudioCode(1), 0.3f, 0, [], a);
        new AvatarRenderer(loaded).Render(c2w, TinyAvatar.Shift, TinyAvatar.AudioCode(1), 0.3f, 0, [], b);
        Assert.Equal(a, b);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
