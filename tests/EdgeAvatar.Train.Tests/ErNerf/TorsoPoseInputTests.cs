using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Init;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary>
/// <c>train --torso-pose</c> (<see cref="TorsoPoseInputs"/>): raw is every preset's and variant's default; anchors
/// gives the model a <c>torso.anchors</c> block of 3 × 3 floats starting at ER-NeRF's anchors, and the choice survives
/// the JSON run.json and the manifest are written with; an unknown name is a usage error.
/// </summary>
public sealed class TorsoPoseInputTests
{
    [Theory]
    [InlineData("quick", "radnerf")]
    [InlineData("full", "ernerf")]
    [InlineData("quick", "r2talker")]
    public void Every_preset_and_variant_defaults_to_the_raw_pose_input(string preset, string variant)
    {
        var chosen = TrainVariants.Apply(TrainPreset.ByName(preset), variant);
        Assert.Equal(TorsoConfig.RawPoseInput, chosen.Model.Torso.PoseInput);
        Assert.Null(new AvatarParameters(chosen.Model, 1).TorsoAnchors);
    }

    [Theory]
    [InlineData("radnerf")]
    [InlineData("ernerf")]
    public void Anchors_add_a_block_initialised_to_ernerfs_anchors_and_survive_the_run_json(string variant)
    {
        var chosen = TorsoPoseInputs.Apply(TrainVariants.Apply(TrainPreset.Quick, variant), TorsoConfig.AnchorsPoseInput);

        Assert.Empty(chosen.Validate());
        var blocks = new AvatarParameters(chosen.Model, 2);
        var anchors = blocks.TorsoAnchors!;
        Assert.Equal(AvatarParameters.TorsoAnchorsName, anchors.Name);
        Assert.Equal(ParameterBlockKind.Points, anchors.Kind);
        float[] p = AvatarInitializer.Initialize(blocks, seed: 1);
        Assert.Equal(AdaptivePoseEncoding.ErNerfAnchors, p.AsSpan(anchors.Offset, anchors.Count).ToArray());
        var back = JsonSerializer.Deserialize<TrainPreset>(JsonSerializer.SerializeToUtf8Bytes(chosen, AvatarJson.Options),
            AvatarJson.Options)!;
        Assert.Equal(TorsoConfig.AnchorsPoseInput, back.Model.Torso.PoseInput);
    }

    [Fact]
    public void A_config_without_the_field_reads_as_raw_and_an_unknown_value_is_refused()
    {
        var json = JsonSerializer.SerializeToNode(TorsoConfig.Quick, AvatarJson.Options)!.AsObject();
        Assert.True(json.Remove("poseInput"));
        var old = json.Deserialize<TorsoConfig>(AvatarJson.Options)!;
        Assert.Equal(TorsoConfig.RawPoseInput, old.PoseInput);
        Assert.Empty(old.Validate());
        Assert.Contains((TorsoConfig.Quick with { PoseInput = "Anchors" }).Validate(), p => p.Contains("PoseInput"));
        var e = Assert.Throws<EdgeAvatarException>(() => TorsoPoseInputs.Apply(TrainPreset.Quick, "landmarks"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("anchors", e.Message);
    }
}
